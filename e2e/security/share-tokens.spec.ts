// Guessing share tokens: a client that asks for too many tokens that open nothing is refused
// every token lookup for a while (the JSON, image and page routes, and public image links), a
// working link included, while other clients are not; and refused attempts on a link reach the
// workspace's audit log once a minute, with a count, however often they are made. On an app of
// its own, so the limit it trips does not hold back other specs.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { UNKNOWN_TOKENS_PER_MINUTE } from "@/lib/auth/token-guessing";
import { generateShareToken } from "@/lib/shares/tokens";
import { startApp, type AppProcess } from "../support/app-process";

test.describe.configure({ timeout: 120_000 });

let app: AppProcess;
let dataDir: string;
let owner: APIRequestContext;
let anonymous: APIRequestContext;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-share-tokens-"));
  app = await startApp({
    port: 3191,
    env: { LOUPE_DATA_DIR: dataDir, PUBLIC_BASE_URL: "http://127.0.0.1:3191", LOUPE_SANDBOX_ENABLED: "false" },
  });
  owner = await playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { origin: app.url } });
  const signUp = await owner.post("/api/auth/sign-up/email", {
    data: { email: "sharer@loupe.test", name: "Sharer", password: "correct horse battery staple" },
  });
  expect(signUp.status(), await signUp.text()).toBe(200);
  anonymous = await playwrightRequest.newContext({ baseURL: app.url });
});

test.afterAll(async () => {
  await Promise.all([owner?.dispose(), anonymous?.dispose()]);
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function shareLink(title: string): Promise<{ token: string; conversationId: string; shareId: string }> {
  const created = await owner.post("/api/v1/conversations", { data: { title } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const shared = await owner.post(`/api/conversations/${id}/shares`, { data: {} });
  expect(shared.status(), await shared.text()).toBe(201);
  const { url, id: shareId } = (await shared.json()) as { url: string; id: string };
  return { token: url.split("/s/")[1]!, conversationId: id, shareId };
}

/** A GET from another loopback address: another client, as the server sees its socket. */
function getFrom(localAddress: string, pathname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${app.url}${pathname}`, { localAddress }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on("error", reject);
  });
}

test("refused attempts on a revoked link reach the audit log once a minute, with a count", async () => {
  const { token, conversationId, shareId } = await shareLink("revoked");
  expect((await anonymous.get(`/api/share/${token}`)).status()).toBe(200);
  expect((await owner.delete(`/api/conversations/${conversationId}/shares/${shareId}`)).status()).toBe(204);
  for (let i = 0; i < 5; i++) expect((await anonymous.get(`/api/share/${token}`)).status()).toBe(404);
  const audit = await owner.get("/api/workspaces/current/audit?limit=200");
  const entries = ((await audit.json()) as { items: { action: string; target: string; data: unknown }[] }).items;
  const denied = entries.filter((e) => e.action === "share.denied" && e.target === shareId);
  expect(denied).toEqual([
    expect.objectContaining({ data: expect.objectContaining({ reason: "link revoked", attempts: 1 }) }),
  ]);
});

test("a client guessing tokens is refused every lookup for a while, a working link included; others are not", async () => {
  const { token } = await shareLink("guarded");
  expect((await anonymous.get(`/api/share/${token}`)).status()).toBe(200);
  for (let i = 0; i < UNKNOWN_TOKENS_PER_MINUTE; i++) {
    const guess = generateShareToken();
    const routes = [`/api/share/${guess}`, `/s/${guess}`, `/api/share/${guess}/blobs/${"a".repeat(64)}`];
    expect((await anonymous.get(routes[i % routes.length]!)).status()).toBe(404);
  }
  const refused = await anonymous.get(`/api/share/${token}`);
  expect(refused.status()).toBe(429);
  expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: "rate_limited:share",
    message: expect.stringMatching(
      /Too many links that do not work were opened from your address\. Try again in \d+ seconds?\./,
    ),
  });
  // The page shows nothing either (the same page as for a link that does not work).
  const page = await anonymous.get(`/s/${token}`);
  expect(page.status()).toBe(404);
  expect(await page.text()).not.toContain("guarded");
  expect((await anonymous.get(`/api/public-images/${"x".repeat(43)}`)).status()).toBe(429);
  // Another client (another address on the loopback network) still opens the link.
  expect(await getFrom("127.0.0.2", `/api/share/${token}`)).toBe(200);
});
