// Run control from the page: reload mid-run, Stop, Retry and Continue.
import { expect, image, test } from "./fixtures";

test("reloading mid-run shows everything so far and keeps following the run", async ({ home, conversation }) => {
  await home.goto();
  // The scripted model writes half a thought and then goes silent, so the run stays mid-way.
  await home.ask("[[script:stall]] Think about it", [image("coffee.png")]);
  const turn = conversation.turn(0);
  await expect(turn.trace.thoughts.first()).toContainText("I start thinking and then");
  await expect(turn.status).toHaveAttribute("data-status", "running");

  await conversation.page.reload();
  // Replayed from the start of the run…
  await expect(turn.trace.thoughts.first()).toContainText("I start thinking and then");
  await expect(turn.status).toHaveAttribute("data-status", "running");
  await expect(conversation.composer.input).toBeDisabled();
  // …and still live: stopping it shows the run's end without another reload.
  await turn.stop.click();
  await conversation.waitForStatus("cancelled");
  await expect(turn.trace.thoughts.first()).toContainText("I start thinking and then");
  await expect(conversation.composer.input).toBeEnabled();
});

test("Stop ends a hanging run and frees the composer", async ({ home, conversation }) => {
  await home.goto();
  await home.ask("[[script:hang]] Anything there?", [image("coffee.png")]);
  const turn = conversation.turn(0);
  await expect(conversation.composer.input).toBeDisabled();
  // Events have arrived, so the run is really under way (not just claimed) when it is stopped.
  await expect(turn.root).toHaveAttribute("data-last-seq", /^[1-9]\d*$/);
  await turn.stop.click();
  await conversation.waitForStatus("cancelled");
  await expect(turn.stop).toHaveCount(0);
  await expect(turn.retry).toBeVisible();
  await expect(conversation.composer.input).toBeEnabled();
});

test("a failed run explains itself, and Retry starts a new run", async ({ home, conversation }) => {
  await home.goto();
  await home.ask("[[script:server-error]] Look at this", [image("coffee.png")]);
  const turn = conversation.turn(0);
  await conversation.waitForStatus("failed");
  await expect(turn.trace.errorSteps.first()).toHaveAttribute("data-severity", "error");
  await expect(turn.trace.errorSteps.first()).toContainText("HTTP 500");

  await turn.retry.click();
  await expect(turn.status).toContainText("retried");
  // The scripted model fails the same way again: the new run's own failure is shown, not the old one's.
  await conversation.waitForStatus("failed");
  await expect(turn.trace.errorSteps).toHaveCount(1);
});
