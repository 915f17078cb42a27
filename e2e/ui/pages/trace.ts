// A turn's trace: steps by kind, crop boxes, output images and the answer.
import type { Locator } from "@playwright/test";

export class TraceObject {
  readonly steps: Locator;
  readonly thoughts: Locator;
  readonly codeSteps: Locator;
  readonly searchSteps: Locator;
  readonly errorSteps: Locator;
  readonly cropBoxes: Locator;
  readonly outputImages: Locator;
  readonly answer: Locator;

  constructor(readonly root: Locator) {
    this.steps = root.locator("[data-testid^='trace-step-']");
    this.thoughts = root.getByTestId("trace-step-thought");
    this.codeSteps = root.getByTestId("trace-step-code");
    this.searchSteps = root.getByTestId("trace-step-search");
    this.errorSteps = root.getByTestId("trace-step-error");
    this.cropBoxes = root.getByTestId("crop-box");
    this.outputImages = root.getByTestId("output-image");
    this.answer = root.getByTestId("answer-text");
  }
}
