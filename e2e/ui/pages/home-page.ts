// The signed-in home page: the new-question composer and the conversation list.
import type { Locator, Page } from "@playwright/test";
import { ComposerObject } from "./composer";

export class HomePage {
  readonly composer: ComposerObject;
  readonly conversations: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.composer = new ComposerObject(page.getByTestId("composer"));
    this.conversations = page.getByTestId("conversation-item");
    this.empty = page.getByTestId("conversations-empty");
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
    await this.composer.waitUntilReady();
  }

  /** Ask a question with images in a new conversation; resolves once its page is open. */
  async ask(question: string, images: string[] = []): Promise<void> {
    await this.composer.attach(images);
    await this.composer.input.fill(question);
    await this.composer.send.click();
    await this.page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
  }
}
