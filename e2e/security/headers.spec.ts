// Every HTML page is sent with a Content-Security-Policy (scripts only with this response's nonce,
// no plugins, no <base>, no framing, images from Loupe itself, data: and blob:), nosniff and a
// Referrer-Policy; share pages send no referrer at all. Checked in Chromium: the pages work with
// no CSP violation (a streaming run, settings, sign-in, a share link), and markup slipped into a
// page cannot run script.
import type { Page, Response } from "@playwright/test";
import { expect, image, test } from "../ui/fixtures";

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  },
});

/** The page's CSP violations, recorded from before its first script runs. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

function directivesOf(csp: string | undefined): Map<string, string[]> {
  expect(csp, "Content-Security-Policy").toBeTruthy();
  return new Map(
    csp!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The page's headers are the policy, and every script in its HTML carries the policy's nonce. */
async function expectPageHeaders(response: Response | null, options: { share?: boolean } = {}): Promise<void> {
  expect(response).not.toBeNull();
  const headers = response!.headers();
  expect(headers["content-type"]).toMatch(/^text\/html/);
  const csp = directivesOf(headers["content-security-policy"]);
  const scripts = csp.get("script-src") ?? [];
  const nonce = scripts.find((v) => v.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
  expect(nonce, "a nonce in script-src").toMatch(/^[A-Za-z0-9+/]{20,}={0,2}$/);
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe(options.share ? "no-referrer" : "strict-origin-when-cross-origin");
  const html = await response!.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, "every script carries the nonce").toContain(`nonce="${nonce}"`);
}

test("the app's pages send the policy and work under it: home, a streaming run, settings, a share link", async ({
  member,
  home,
  conversation,
  sharePage,
}) => {
  test.setTimeout(120_000);
  const memberViolations = await recordViolations(member);
  await expectPageHeaders(await member.goto("/"));
  await home.ask("[[script:crop-and-answer]] What does the sign say?", [image("rocket.jpg")]);
  await conversation.waitForStatus("completed");
  await expect(conversation.lastTurn.trace.cropBoxes).toHaveCount(1);
  expect(await memberViolations()).toEqual([]);

  // The conversation page itself, loaded fresh: the trace's images come from this origin.
  await expectPageHeaders(await member.reload());
  await expect(conversation.lastTurn.trace.answer).toHaveText("STOP");
  for (const img of await member.locator("main img").all())
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  expect(await memberViolations()).toEqual([]);

  const url = await (await conversation.openShareDialog()).createLink();
  expect(await memberViolations()).toEqual([]);

  for (const path of ["/settings", "/settings/connections", "/settings/api-keys", "/settings/members"]) {
    await expectPageHeaders(await member.goto(path));
    await expect(member.locator("main")).toBeVisible();
    expect(await memberViolations(), path).toEqual([]);
  }

  // The share page keeps its own stricter referrer policy, and its images load under img-src.
  const shareViolations = await recordViolations(sharePage.page);
  await expectPageHeaders(await sharePage.page.goto(url), { share: true });
  await expect(sharePage.turn(0).trace.answer).toHaveText("STOP");
  const images = sharePage.page.locator("img");
  expect(await images.count()).toBeGreaterThan(1);
  for (const img of await images.all())
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await expect(sharePage.page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  expect(await shareViolations()).toEqual([]);
});

test("signed-out pages send the policy and work under it: sign-in, sign-up, reset, not found", async ({
  anonymous,
  consoleWatch,
}) => {
  const violations = await recordViolations(anonymous);
  await expectPageHeaders(await anonymous.goto("/sign-in"));
  await expect(anonymous.getByRole("heading", { name: "Sign in to Loupe" })).toBeVisible();
  // The form is interactive (hydrated under the policy): a wrong password gets its sentence.
  await anonymous.getByLabel("Email").fill("nobody@loupe.test");
  await anonymous.getByLabel("Password").fill("not the password at all");
  consoleWatch.allow(/status of 401/);
  await anonymous.getByRole("button", { name: /sign in/i }).click();
  await expect(anonymous.getByRole("alert")).toBeVisible();
  for (const path of ["/sign-up", "/reset"]) {
    await expectPageHeaders(await anonymous.goto(path));
    expect(await violations(), path).toEqual([]);
  }
  consoleWatch.allow(/status of 404/);
  const missing = await anonymous.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expectPageHeaders(missing);
  expect(await violations()).toEqual([]);
});

test("markup slipped into a page cannot run script: inline handlers and scripts without the nonce are refused", async ({
  anonymous,
  consoleWatch,
}) => {
  consoleWatch.allow(/Content Security Policy/);
  const violations = await recordViolations(anonymous);
  await anonymous.goto("/sign-in");
  await anonymous.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      `<img src="data:," onerror="window.__pwned = 'handler'"><iframe srcdoc="<script>parent.__pwned = 'frame'</script>"></iframe>`,
    );
  });
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
  expect(await anonymous.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect((await violations()).join("\n")).toMatch(/script-src/);
});

test("each page gets a fresh nonce, and API answers are not sniffed either", async ({ request }) => {
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const csp = (await request.get("/sign-in")).headers()["content-security-policy"];
    nonces.add(/'nonce-([^']+)'/.exec(csp ?? "")?.[1] ?? "");
  }
  expect(nonces.size).toBe(3);
  const health = await request.get("/api/health");
  expect(health.headers()["x-content-type-options"]).toBe("nosniff");
  const refused = await request.get("/api/v1/conversations");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["x-content-type-options"]).toBe("nosniff");
});
