import type { Locator } from "@playwright/test";
import { TraceObject } from "./trace";

/** One question and its run: status line with Stop/Retry/Continue, input images and trace. */
export class TurnObject {
  readonly status: Locator;
  readonly stop: Locator;
  readonly retry: Locator;
  readonly continueButton: Locator;
  readonly runError: Locator;
  readonly inputImages: Locator;
  readonly trace: TraceObject;

  constructor(readonly root: Locator) {
    this.status = root.getByTestId("run-status");
    this.stop = root.getByTestId("stop");
    this.retry = root.getByTestId("retry");
    this.continueButton = root.getByTestId("continue");
    this.runError = root.getByTestId("run-error");
    this.inputImages = root.getByTestId("input-image");
    this.trace = new TraceObject(root);
  }
}
