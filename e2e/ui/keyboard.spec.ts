// The composer with the keyboard alone: focus, Shift+Enter for a new line, Enter to send, the
// file picker from the "Add images" button, and removing an attachment.
import { expect, image, test } from "./fixtures";

test("the composer works from the keyboard alone", async ({ home, conversation }) => {
  await home.goto();
  const composer = home.composer;
  await expect(composer.input).toBeFocused();

  // Tab to "Add images" and open the file picker with Enter.
  await home.page.keyboard.press("Tab");
  await expect(composer.attachButton).toBeFocused();
  const chooser = home.page.waitForEvent("filechooser");
  await home.page.keyboard.press("Enter");
  await (await chooser).setFiles(image("coffee.png"));
  await expect(composer.attachments).toHaveCount(1);

  // Remove it from the keyboard, then attach again.
  await composer.attachments.first().getByTestId("remove-attachment").focus();
  await home.page.keyboard.press("Enter");
  await expect(composer.attachments).toHaveCount(0);
  await composer.attach([image("coffee.png")]);

  await composer.input.focus();
  await home.page.keyboard.type("[[script:answer]] First line");
  await home.page.keyboard.press("Shift+Enter");
  await home.page.keyboard.type("second line");
  await expect(composer.input).toHaveValue("[[script:answer]] First line\nsecond line");
  await home.page.keyboard.press("Enter");

  await home.page.waitForURL(/\/c\//);
  await conversation.waitForStatus("completed");
  await expect(conversation.turn(0).trace.answer).toHaveText("A red bicycle");
  await expect(conversation.turn(0).root.getByTestId("turn-question")).toContainText("First line\nsecond line");
});

test("refused files are explained, and an empty question cannot be sent", async ({ home }) => {
  await home.goto();
  await expect(home.composer.send).toBeDisabled();
  await home.composer.fileInput.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
  await expect(home.composer.error).toContainText("notes.txt is not an image");
  await expect(home.composer.attachments).toHaveCount(0);
  await home.composer.input.press("Enter");
  await expect(home.page).toHaveURL(/\/$/);
});
