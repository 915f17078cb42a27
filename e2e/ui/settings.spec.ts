// Workspace settings in a real browser, as the workspace's admin: API keys and connections.
import { expect, test } from "./fixtures";

test("an API key is shown once, works against the API, and stops working once revoked", async ({ member }) => {
  const name = `browser key ${Date.now()}`;
  await member.goto("/settings/api-keys");
  await member.getByLabel("Name", { exact: true }).fill(name);
  await member.getByRole("button", { name: "Create key" }).click();
  const key = (await member.getByTestId("shown-once").textContent())?.trim() ?? "";
  expect(key.length).toBeGreaterThan(20);

  const list = member.getByTestId("api-keys");
  const row = list.getByRole("listitem").filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, 12)); // the prefix, never the whole key
  await expect(row).not.toContainText(key);
  const api = (k: string) => member.request.get("/api/v1/conversations", { headers: { authorization: `Bearer ${k}` } });
  expect((await api(key)).status()).toBe(200);

  member.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  expect((await api(key)).status()).toBe(401);
});

test("connections: test the server's model, a workspace endpoint that does not answer, then server defaults again", async ({
  member,
}) => {
  await member.goto("/settings/connections");
  const model = member.getByRole("region", { name: "Model server" });
  const baseUrl = model.getByLabel("Base URL");
  const test = model.getByRole("button", { name: "Test connection" });

  await test.click();
  await expect(model.getByRole("status").filter({ hasText: "(tried with this server's defaults)" })).toContainText(
    "The model server answers",
  );

  // Port 9 (discard) has nothing listening here: the test must say so in a sentence.
  await baseUrl.fill("http://127.0.0.1:9/v1");
  await model.getByRole("button", { name: "Save model settings" }).click();
  await expect(baseUrl).toHaveValue("http://127.0.0.1:9/v1");
  await test.click();
  await expect(model.getByRole("alert")).toContainText("(tried with this workspace's settings)");

  await model.getByRole("button", { name: "Use server defaults" }).click();
  await expect(baseUrl).toHaveValue("");
  await member.reload();
  await expect(baseUrl).toHaveValue("");
  await test.click();
  await expect(model.getByRole("status").filter({ hasText: "(tried with this server's defaults)" })).toContainText(
    "The model server answers",
  );
  await expect(model.getByRole("alert")).toHaveCount(0);

  // With the server's model in place, the home page has no "set up a model" notice.
  await member.goto("/");
  await expect(member.getByRole("heading", { name: "What should the model look at?" })).toBeVisible();
  await expect(member.getByTestId("no-model")).toHaveCount(0);
});
