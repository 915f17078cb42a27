// Asking a question with an image and watching the trace arrive: thoughts, the code cell with its
// crop drawn as a numbered box on the input image, the output image, and the answer.
import { expect, image, test } from "./fixtures";

test("a new conversation streams crop-and-answer with the crop box and the answer", async ({ home, conversation }) => {
  await home.goto();
  await home.ask("[[script:crop-and-answer]] What does the sign say?", [image("rocket.jpg")]);

  const turn = conversation.turn(0);
  await expect(turn.inputImages).toHaveCount(1);
  await expect(turn.trace.thoughts.first()).toContainText("crop the top-left quarter");
  await conversation.waitForStatus("completed");

  const code = turn.trace.codeSteps.first();
  await expect(code).toHaveAttribute("data-status", "done");
  await expect(code.getByTestId("code-source")).toContainText("image_1.crop((0, 0, w // 2, h // 2))");
  await expect(code.getByTestId("code-stdout")).toContainText("(");
  await expect(turn.trace.cropBoxes).toHaveCount(1);
  await expect(turn.trace.cropBoxes.first()).toHaveAttribute("data-number", "1");
  await expect(turn.trace.outputImages).toHaveCount(1);
  await expect(turn.trace.answer).toHaveText("STOP");
  // The stop-string tail the mock streams after </code> never reaches the page.
  await expect(conversation.page.getByText("must never be sent")).toHaveCount(0);

  // Hovering the box highlights the output image it produced, and the other way round.
  await turn.trace.cropBoxes.first().hover();
  await expect(turn.trace.outputImages.first()).toHaveAttribute("data-active", "true");
  await turn.trace.answer.hover();
  await expect(turn.trace.outputImages.first()).toHaveAttribute("data-active", "false");
  await turn.trace.outputImages.first().hover();
  await expect(turn.trace.cropBoxes.first()).toHaveAttribute("data-active", "true");

  // Every image on the page actually loaded (blob routes authorised).
  const broken = await conversation.page
    .locator("img")
    .evaluateAll(
      (imgs) =>
        imgs.filter((i) => !(i as HTMLImageElement).complete || (i as HTMLImageElement).naturalWidth === 0).length,
    );
  expect(broken).toBe(0);
});

test("a follow-up question is a second turn, and the list shows the conversation", async ({ home, conversation }) => {
  await home.goto();
  await home.ask("[[script:answer]] What is it?", [image("coffee.png")]);
  await conversation.waitForStatus("completed");
  await expect(conversation.turn(0).trace.answer).toHaveText("A red bicycle");

  await conversation.composer.input.fill("[[script:prose]] And now?");
  await conversation.composer.input.press("Enter");
  await expect(conversation.turns).toHaveCount(2);
  await conversation.waitForStatus("completed");
  await expect(conversation.turn(1).trace.answer).toHaveText("It is a coffee cup on a saucer.");

  await home.goto();
  await expect(home.conversations.filter({ hasText: "What is it?" }).first()).toBeVisible();
});

test("search results render as cards with safe links", async ({ home, conversation }) => {
  await home.goto();
  await home.ask("[[script:think-code-search-answer]] When was it launched?", [image("hubble_deep_field.jpg")]);
  await conversation.waitForStatus("completed");
  const turn = conversation.turn(0);
  const cards = turn.trace.searchSteps.first().getByTestId("search-result");
  await expect(cards.first()).toBeVisible();
  const links = cards.locator("a");
  expect(await links.count()).toBeGreaterThan(0);
  for (const link of await links.all()) {
    await expect(link).toHaveAttribute("href", /^https?:\/\//);
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  }
  await expect(turn.trace.answer).toHaveText("1990");
});
