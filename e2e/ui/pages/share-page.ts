// The public share page (/s/:token), read-only.
import type { Locator, Page } from "@playwright/test";
import { TurnObject } from "./turn";

export class SharePage {
  readonly conversation: Locator;
  readonly notFound: Locator;
  readonly turns: Locator;
  readonly composer: Locator;

  constructor(readonly page: Page) {
    this.conversation = page.getByTestId("shared-conversation");
    this.notFound = page.getByTestId("share-not-found");
    this.turns = page.getByTestId("turn");
    this.composer = page.getByTestId("composer");
  }

  turn(index: number): TurnObject {
    return new TurnObject(this.turns.nth(index));
  }
}
