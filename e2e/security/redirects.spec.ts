// Open redirect: `/sign-in?next=…` and `/sign-up?next=…` send the browser only to a path on this
// site, both as the server's redirect (already signed in) and as the form's navigation after
// signing in or up. `%2F.%2F%2Fevil.example` (`/.//evil.example`) once answered
// `Location: //evil.example`.
import { devices, expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";

test.use({
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  },
});

const PASSWORD = "correct horse battery staple";

// `next` values as an attacker would put them in a link (each is URL-encoded once more below).
const HOSTILE = [
  "/.//evil.example",
  "/..//evil.example",
  "/%2e%2e//evil.example",
  "//evil.example",
  "/\\evil.example",
  "/./\\/evil.example",
  "/%2F/evil.example",
  "/%5Cevil.example",
  "/%252F%252Fevil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "https://evil.example",
  "javascript:alert(1)",
];

/** A new account (sign-up is open on the e2e server), signed in: an API context holding its cookie. */
async function signedUp(baseURL: string, name: string): Promise<{ api: APIRequestContext; email: string }> {
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: new URL(baseURL).origin } });
  const email = `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@loupe.test`;
  const res = await api.post("/api/auth/sign-up/email", { data: { email, name, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return { api, email };
}

test("a signed-in visitor is redirected only to a path on this site, whatever `next` says", async ({ baseURL }) => {
  const { api } = await signedUp(baseURL!, "redirected");
  try {
    for (const page of ["/sign-in", "/sign-up"]) {
      for (const next of HOSTILE) {
        const res = await api.get(`${page}?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
        expect(res.status(), `${page} ${JSON.stringify(next)}`).toBe(307);
        const location = new URL(res.headers()["location"]!, baseURL);
        expect(location.origin, `${page} ${JSON.stringify(next)} → ${res.headers()["location"]}`).toBe(
          new URL(baseURL!).origin,
        );
        expect(res.headers()["location"], `${page} ${JSON.stringify(next)}`).not.toMatch(/^(\/\/|\/\\|[a-z]+:)/i);
      }
      // A path on this site is kept.
      const kept = await api.get(`${page}?next=${encodeURIComponent("/settings/members?tab=1")}`, { maxRedirects: 0 });
      expect(kept.headers()["location"]).toBe("/settings/members?tab=1");
    }
  } finally {
    await api.dispose();
  }
});

test("signing in through the form with a hostile `next` stays on this site", async ({ page, baseURL }) => {
  const { api, email } = await signedUp(baseURL!, "form-sign-in");
  await api.dispose();
  await page.goto(`/sign-in?next=${encodeURIComponent("/.//evil.example")}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/" || u.hostname === "evil.example" || u.protocol !== "http:");
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});

test("signing up through the form with a hostile `next` stays on this site", async ({ page, baseURL }) => {
  await page.goto(`/sign-up?next=${encodeURIComponent("/..//evil.example")}`);
  await page.getByLabel("Name").fill("Form Sign-up");
  await page.getByLabel("Email").fill(`form-sign-up-${Date.now()}@loupe.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((u) => u.pathname === "/" || u.hostname === "evil.example" || u.protocol !== "http:");
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
});
