import { expect, type Locator } from "@playwright/test";

export class ComposerObject {
  readonly input: Locator;
  readonly send: Locator;
  readonly attachButton: Locator;
  readonly fileInput: Locator;
  readonly attachments: Locator;
  readonly error: Locator;

  constructor(readonly root: Locator) {
    this.input = root.getByTestId("composer-input");
    this.send = root.getByTestId("send");
    this.attachButton = root.getByTestId("attach");
    this.fileInput = root.getByTestId("file-input");
    this.attachments = root.getByTestId("attachment");
    this.error = root.getByTestId("composer-error");
  }

  /** Hydrated and usable (the textarea is editable). */
  async waitUntilReady(): Promise<void> {
    await expect(this.root).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
    await expect(this.input).toBeEditable();
    await expect(this.root).toHaveAttribute("aria-busy", "false");
  }

  async attach(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    const before = await this.attachments.count();
    await this.fileInput.setInputFiles(paths);
    await expect(this.attachments).toHaveCount(before + paths.length);
  }
}
