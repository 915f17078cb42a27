// A conversation in the app (/c/:id): turns, the follow-up composer and the share dialog.
import { expect, type Locator, type Page } from "@playwright/test";
import { ComposerObject } from "./composer";
import { TurnObject } from "./turn";

export class ConversationPage {
  readonly turns: Locator;
  readonly composer: ComposerObject;
  readonly title: Locator;
  readonly shareButton: Locator;
  readonly shareDialog: ShareDialogObject;

  constructor(readonly page: Page) {
    this.turns = page.getByTestId("turn");
    this.composer = new ComposerObject(page.getByTestId("composer"));
    this.title = page.getByTestId("conversation-title");
    this.shareButton = page.getByTestId("share-button");
    this.shareDialog = new ShareDialogObject(page.getByTestId("share-dialog"));
  }

  turn(index: number): TurnObject {
    return new TurnObject(this.turns.nth(index));
  }

  get lastTurn(): TurnObject {
    return new TurnObject(this.turns.last());
  }

  /** Wait until the latest run reaches one of `statuses`. */
  async waitForStatus(...statuses: string[]): Promise<void> {
    await expect(this.lastTurn.status).toHaveAttribute("data-status", new RegExp(`^(${statuses.join("|")})$`), {
      timeout: 60_000,
    });
  }

  async openShareDialog(): Promise<ShareDialogObject> {
    await this.shareButton.click();
    await expect(this.shareDialog.root).toBeVisible();
    return this.shareDialog;
  }
}

export class ShareDialogObject {
  readonly create: Locator;
  readonly url: Locator;
  readonly rows: Locator;
  readonly expiry: Locator;

  constructor(readonly root: Locator) {
    this.create = root.getByTestId("create-share");
    this.url = root.getByTestId("share-url");
    this.rows = root.getByTestId("share-link-row");
    this.expiry = root.getByTestId("share-expiry");
  }

  async createLink(): Promise<string> {
    await this.create.click();
    await expect(this.url).toHaveValue(/\/s\/[A-Za-z0-9_-]{43}$/);
    return this.url.inputValue();
  }

  async revokeFirstActive(): Promise<void> {
    const row = this.rows.and(this.root.locator("[data-status='active']")).first();
    await row.getByTestId("revoke-share").click();
  }
}
