// An admin cannot open a member's private conversation, so they tried an API key: create one,
// read the conversation with it, share it and open the share signed out. A key acts for the
// person who made it, so all of that is refused exactly as for the admin; and a key stops working
// once its owner is no longer a member. Against the shared e2e server (sign-up opened as in
// e2e/api/accounts.spec.ts).
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { UI_USER } from "../ui/session";

const PASSWORD = "correct horse battery staple";
const NOT_FOUND = "There is no such conversation, or you cannot see it.";
let baseURL: string;
let origin: string;

const context = (extra: Record<string, string> = {}) =>
  playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin, ...extra } });

async function signUp(email: string): Promise<APIRequestContext> {
  const api = await context();
  const res = await api.post("/api/auth/sign-up/email", {
    data: { email, name: email.split("@")[0], password: PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

async function json<T>(
  response: { status(): number; json(): Promise<unknown>; text(): Promise<string> },
  status: number,
) {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

test.beforeAll(async ({}, info) => {
  baseURL = String(info.project.use.baseURL ?? "http://127.0.0.1:3100");
  origin = new URL(baseURL).origin;
  const admin = await context();
  const signedIn = await admin.post("/api/auth/sign-in/email", {
    data: { email: UI_USER.email, password: UI_USER.password },
  });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  expect((await admin.put("/api/workspaces/instance", { data: { signupMode: "open" } })).status()).toBe(200);
  await admin.dispose();
});

test("an admin's API key cannot read, share or ask in a member's private conversation", async () => {
  const stamp = Date.now();
  const admin = await signUp(`authz-admin-${stamp}@loupe.test`);
  const member = await signUp(`authz-member-${stamp}@loupe.test`);
  await json(await admin.post("/api/workspaces", { data: { name: `Authz ${stamp}` } }), 201);
  const invitation = await json<{ url: string }>(
    await admin.post("/api/workspaces/current/invitations", { data: { role: "member" } }),
    201,
  );
  const token = invitation.url.split("/invite/")[1]!;
  await json(await member.post("/api/workspaces/invitations/accept", { data: { token } }), 200);
  const { id: secret } = await json<{ id: string }>(
    await member.post("/api/v1/conversations", { data: { title: "private notes", visibility: "private" } }),
    201,
  );
  // The admin is refused directly (below), so they make a key.
  const { key } = await json<{ key: string }>(
    await admin.post("/api/workspaces/current/api-keys", { data: { name: "side door" } }),
    201,
  );
  const byKey = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  const read = await byKey.get(`/api/v1/conversations/${secret}`);
  const unknown = await byKey.get("/api/v1/conversations/00000000-0000-4000-8000-000000000000");
  const share = await byKey.post(`/api/conversations/${secret}/shares`, { data: {} });
  const ask = await byKey.post(`/api/v1/conversations/${secret}/turns`, { data: { question: "what is in it?" } });
  const list = await json<{ items: { id: string }[] }>(await byKey.get("/api/v1/conversations?limit=100"), 200);
  const bodies = await Promise.all([read, unknown, share, ask].map(async (r) => [r.status(), await r.json()]));
  expect(bodies).toEqual(
    [read, unknown, share, ask].map(() => [404, { error: { code: "not_found:conversation", message: NOT_FOUND } }]),
  );
  expect(list.items.map((c) => c.id)).not.toContain(secret);
  expect((await admin.get(`/api/v1/conversations/${secret}`)).status()).toBe(404);
  // The member's own view of the links: none was made.
  const links = await json<{ items: unknown[] }>(await member.get(`/api/conversations/${secret}/shares`), 200);
  expect(links.items).toEqual([]);
  // The refusals are in the workspace's audit log, with the key and its owner (one entry a
  // minute per client: the later ones are counted into the next).
  const audit = await json<{
    items: { action: string; target: string; actorEmail: string; data: { apiKey?: unknown } }[];
  }>(await admin.get("/api/workspaces/current/audit?limit=200"), 200);
  const denied = audit.items.filter((e) => e.action === "conversation.denied" && e.target === secret);
  expect(denied).toEqual([
    expect.objectContaining({
      actorEmail: `authz-admin-${stamp}@loupe.test`,
      data: expect.objectContaining({ apiKey: expect.anything(), attempts: 1 }),
    }),
  ]);
  await Promise.all([admin.dispose(), member.dispose(), byKey.dispose()]);
});

test("a key stops working when its owner leaves the workspace, and says why", async () => {
  const stamp = Date.now();
  const owner = await signUp(`authz-owner-${stamp}@loupe.test`);
  const leaver = await signUp(`authz-leaver-${stamp}@loupe.test`);
  await json(await owner.post("/api/workspaces", { data: { name: `Leaving ${stamp}` } }), 201);
  const invitation = await json<{ url: string }>(
    await owner.post("/api/workspaces/current/invitations", { data: { role: "admin" } }),
    201,
  );
  await json(
    await leaver.post("/api/workspaces/invitations/accept", { data: { token: invitation.url.split("/invite/")[1] } }),
    200,
  );
  const { key } = await json<{ key: string }>(
    await leaver.post("/api/workspaces/current/api-keys", { data: { name: "mine" } }),
    201,
  );
  const byKey = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  expect((await byKey.get("/api/v1/conversations")).status()).toBe(200);
  const members = await json<{ items: { userId: string; email: string }[] }>(
    await owner.get("/api/workspaces/current/members"),
    200,
  );
  const leaverId = members.items.find((m) => m.email === `authz-leaver-${stamp}@loupe.test`)!.userId;
  expect((await owner.delete(`/api/workspaces/current/members/${leaverId}`)).status()).toBe(204);
  const after = await byKey.get("/api/v1/conversations");
  expect(after.status()).toBe(401);
  expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(/revoked|no longer a member/);
  await Promise.all([owner.dispose(), leaver.dispose(), byKey.dispose()]);
});
