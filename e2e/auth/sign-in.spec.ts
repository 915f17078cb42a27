// The account pages in a browser: an invitation link brings a new person into a workspace, and
// signing in returns to the page that asked for it, never to another site.
import { expect, request as playwrightRequest, test } from "@playwright/test";

const PASSWORD = "correct horse battery staple";

test("an invited person signs up from the link and lands in the workspace", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const admin = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin } });
  const adminEmail = `inviter-${Date.now()}@loupe.test`;
  let res = await admin.post("/api/auth/sign-up/email", {
    data: { email: adminEmail, name: "Inviter", password: PASSWORD },
  });
  test.skip(!res.ok(), `Sign-up is not open on this server (${res.status()}); run e2e/api/accounts.spec.ts first.`);
  res = await admin.post("/api/workspaces", { data: { name: "Vision Lab" } });
  expect(res.status()).toBe(201);
  res = await admin.post("/api/workspaces/current/invitations", { data: { role: "viewer" } });
  const { url } = (await res.json()) as { url: string };
  await admin.dispose();

  await page.goto(new URL(url).pathname);
  await expect(page.getByRole("heading", { name: "Join Vision Lab" })).toBeVisible();
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByText("You are joining Vision Lab as viewer.")).toBeVisible();
  await page.getByLabel("Name").fill("Vera Viewer");
  await page.getByLabel("Email").fill(`vera-${Date.now()}@loupe.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  await page.goto("/settings/members");
  await expect(page.getByTestId("members")).toContainText("Inviter");
});

test("signing in returns to `next`, and a hostile `next` stays on this site", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin } });
  const email = `returner-${Date.now()}@loupe.test`;
  const res = await api.post("/api/auth/sign-up/email", { data: { email, name: "Returner", password: PASSWORD } });
  test.skip(!res.ok(), `Sign-up is not open on this server (${res.status()}).`);
  await api.dispose();

  await page.goto("/settings/api-keys");
  await page.waitForURL((u) => u.pathname === "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/settings/api-keys");

  await page.context().clearCookies();
  await page.goto(`/sign-in?next=${encodeURIComponent("//evil.example/steal")}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.origin === origin && u.pathname === "/");
});
