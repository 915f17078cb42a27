// Share links: the link opens signed out and shows the same trace; a revoked link is a 404.
import { expect, image, test } from "./fixtures";

test("a share link opens signed out with the same trace, and stops working once revoked", async ({
  home,
  conversation,
  sharePage,
  consoleWatch,
}) => {
  await home.goto();
  await home.ask("[[script:crop-and-answer]] What does the sign say?", [image("rocket.jpg")]);
  await conversation.waitForStatus("completed");
  const ownSteps = await conversation.turn(0).trace.steps.count();

  const dialog = await conversation.openShareDialog();
  const url = await dialog.createLink();
  await expect(dialog.rows.first()).toHaveAttribute("data-status", "active");

  const response = await sharePage.page.goto(url);
  expect(response?.status()).toBe(200);
  await expect(sharePage.conversation).toBeVisible();
  const shared = sharePage.turn(0);
  await expect(shared.trace.steps).toHaveCount(ownSteps);
  await expect(shared.trace.answer).toHaveText("STOP");
  await expect(shared.trace.cropBoxes).toHaveCount(1);
  await expect(sharePage.composer).toHaveCount(0);
  await expect(shared.stop).toHaveCount(0);
  await expect(shared.retry).toHaveCount(0);
  await expect(sharePage.page).toHaveTitle(/What does the sign say\?/);
  await expect(sharePage.page.locator('meta[property="og:title"]')).toHaveAttribute(
    "content",
    /What does the sign say\?/,
  );
  const images = sharePage.page.locator("img");
  expect(await images.count()).toBeGreaterThan(1);
  for (const img of await images.all()) {
    await expect(img).toHaveAttribute("src", /^\/api\/share\//);
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  }

  await dialog.revokeFirstActive();
  await expect(dialog.rows.first()).toHaveAttribute("data-status", "revoked");

  consoleWatch.allow(/status of 404/);
  const gone = await sharePage.page.goto(url);
  expect(gone?.status()).toBe(404);
  await expect(sharePage.notFound).toBeVisible();
  await expect(sharePage.conversation).toHaveCount(0);
});

test("a made-up share token is a 404 page", async ({ sharePage, consoleWatch }) => {
  consoleWatch.allow(/status of 404/);
  const response = await sharePage.page.goto(`/s/${"x".repeat(43)}`);
  expect(response?.status()).toBe(404);
  await expect(sharePage.notFound).toContainText("This link does not work");
});
