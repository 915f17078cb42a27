// Accounts against the running app: sign-up modes, session cookies as API credentials, CSRF,
// sign-out and password change ending sessions, the sign-in `next` redirect, write-only secrets.
// The e2e server's instance admin (the UI test user) opens sign-up for these tests.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { UI_USER } from "../ui/session";

const PASSWORD = "correct horse battery staple";
let baseURL: string;
let origin: string;

async function context(extra: Record<string, string> = {}): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin, ...extra } });
}

async function signUp(email: string): Promise<APIRequestContext> {
  const api = await context();
  const res = await api.post("/api/auth/sign-up/email", {
    data: { email, name: email.split("@")[0], password: PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

test.beforeAll(async ({}, info) => {
  baseURL = String(info.project.use.baseURL ?? "http://127.0.0.1:3100");
  origin = new URL(baseURL).origin;
  // The e2e server's instance admin is the UI test user (e2e/support/serve.ts); it opens sign-up
  // so this file can make its own accounts (idempotent if already open).
  const admin = await context();
  const signedIn = await admin.post("/api/auth/sign-in/email", {
    data: { email: UI_USER.email, password: UI_USER.password },
  });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  const opened = await admin.put("/api/workspaces/instance", { data: { signupMode: "open" } });
  expect(opened.status(), "the first account of the e2e server must be able to open sign-up").toBe(200);
  await admin.dispose();
});

test("a signed-in user's cookie works on the API, scoped to their workspace", async () => {
  const ada = await signUp(`ada-${Date.now()}@loupe.test`);
  const created = await ada.post("/api/v1/conversations", { data: { title: "mine" } });
  expect(created.status()).toBe(201);
  const list = await ada.get("/api/v1/conversations");
  expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(1);
  const bob = await signUp(`bob-${Date.now()}@loupe.test`);
  const { id } = (await created.json()) as { id: string };
  expect((await bob.get(`/api/v1/conversations/${id}`)).status()).toBe(404);
  await Promise.all([ada.dispose(), bob.dispose()]);
});

test("cross-site requests carrying the cookie change nothing", async () => {
  const ada = await signUp(`csrf-${Date.now()}@loupe.test`);
  const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  const form = await ada.post("/api/v1/conversations", {
    headers: { ...evil, "content-type": "application/x-www-form-urlencoded" },
    data: "title=pwned",
  });
  expect(form.status()).toBe(403);
  const noCors = await ada.post("/api/workspaces/current/api-keys", {
    headers: { ...evil, "sec-fetch-mode": "no-cors", "content-type": "text/plain" },
    data: JSON.stringify({ name: "pwned" }),
  });
  expect(noCors.status()).toBe(403);
  const signOut = await ada.post("/api/auth/sign-out", { headers: evil, data: {} });
  expect(signOut.status()).toBe(403);
  // A GET never changes state: the state-changing routes have no GET.
  expect((await ada.get("/api/workspaces/current/transfer")).status()).toBe(405);
  const list = await ada.get("/api/v1/conversations");
  expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(0);
  await ada.dispose();
});

test("a session cannot be reused after sign-out or a password change", async () => {
  const email = `reuse-${Date.now()}@loupe.test`;
  const ada = await signUp(email);
  const cookie = (await ada.storageState()).cookies.find((c) => c.name.endsWith("session_token"))!;
  const replay = await context({ cookie: `${cookie.name}=${cookie.value}` });
  expect((await replay.get("/api/v1/conversations")).status()).toBe(200);
  expect((await ada.post("/api/auth/sign-out", { data: {} })).status()).toBe(200);
  expect((await replay.get("/api/v1/conversations")).status()).toBe(401);

  const phone = await context();
  await phone.post("/api/auth/sign-in/email", { data: { email, password: PASSWORD } });
  const laptop = await context();
  await laptop.post("/api/auth/sign-in/email", { data: { email, password: PASSWORD } });
  const changed = await laptop.post("/api/auth/change-password", {
    data: { currentPassword: PASSWORD, newPassword: "another long password" },
  });
  expect(changed.status()).toBe(200);
  expect((await phone.get("/api/v1/conversations")).status()).toBe(401);
  await Promise.all([ada.dispose(), replay.dispose(), phone.dispose(), laptop.dispose()]);
});

test("sign-in's `next` only ever leads to a path on this site", async () => {
  const ada = await signUp(`next-${Date.now()}@loupe.test`);
  for (const next of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"]) {
    const res = await ada.get(`/sign-in?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
    expect(res.status()).toBeGreaterThanOrEqual(300);
    expect(new URL(res.headers().location!, baseURL).origin).toBe(origin);
    expect(new URL(res.headers().location!, baseURL).pathname).toBe("/");
  }
  const ok = await ada.get(`/sign-in?next=${encodeURIComponent("/settings/members")}`, { maxRedirects: 0 });
  expect(new URL(ok.headers().location!, baseURL).pathname).toBe("/settings/members");
  await ada.dispose();
});

test("workspace secrets are write-only", async () => {
  const ada = await signUp(`secret-${Date.now()}@loupe.test`);
  const saved = await ada.patch("/api/workspaces/current/settings", {
    data: { settings: { search: { textProvider: "brave" } }, secrets: { "search.braveApiKey": "brave-very-secret" } },
  });
  expect(saved.status()).toBe(200);
  expect(await saved.text()).not.toContain("brave-very-secret");
  const read = await ada.get("/api/workspaces/current/settings");
  const body = await read.text();
  expect(body).not.toContain("brave-very-secret");
  expect(JSON.parse(body)).toMatchObject({ secrets: { "search.braveApiKey": { set: true } } });
  await ada.dispose();
});

test("an API key created in the settings is shown once and works in either header", async () => {
  const ada = await signUp(`keys-${Date.now()}@loupe.test`);
  const created = await ada.post("/api/workspaces/current/api-keys", { data: { name: "ci" } });
  expect(created.status()).toBe(201);
  const { key, id } = (await created.json()) as { key: string; id: string };
  const listed = await ada.get("/api/workspaces/current/api-keys");
  expect(await listed.text()).not.toContain(key);
  const anon = await playwrightRequest.newContext({ baseURL });
  expect((await anon.get("/api/v1/conversations", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
  expect((await anon.get("/api/v1/conversations", { headers: { "x-api-key": key } })).status()).toBe(200);
  expect((await ada.delete(`/api/workspaces/current/api-keys/${id}`)).status()).toBe(204);
  expect((await anon.get("/api/v1/conversations", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(401);
  expect((await anon.get("/api/v1/conversations", { headers: { "x-api-key": key } })).status()).toBe(401);
  await Promise.all([ada.dispose(), anon.dispose()]);
});
