// Accounts end to end through better-auth's handler on a real database: first-run admin, sign-up
// modes, invitations, sessions as actors, sign-out, password change, rate limiting (the limits
// against hostile clients are in ./sign-in-limits.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/db/testing";
import { setSignupMode } from "@/lib/db/instance-settings";
import { listWorkspacesOf } from "@/lib/db/memberships";
import { createInvitation } from "@/lib/workspaces/invitations";
import { requireActor } from "./actor";
import { createResetPath } from "./reset-link";
import { sessionFromHeaders } from "./session";
import { cookieFrom, PASSWORD, startAuthTestApp, type AuthTestApp } from "./testing";

describe.each(DATABASE_KINDS)("accounts on %s", (kind) => {
  let app: AuthTestApp;
  let adminCookie: string;

  beforeAll(async () => {
    app = await startAuthTestApp(kind);
    adminCookie = await app.signUp({ email: "ada@example.com", name: "Ada" });
  }, 60_000);
  afterAll(async () => app?.dispose());

  it("makes the first user the instance admin, with a personal workspace they own", async () => {
    const session = await sessionFromHeaders(new Headers({ cookie: adminCookie }));
    expect(session).toMatchObject({ email: "ada@example.com", isInstanceAdmin: true });
    const workspaces = await listWorkspacesOf(app.db.prisma, { userId: session!.userId });
    expect(workspaces).toEqual([expect.objectContaining({ personal: true, role: "owner", name: "Ada's workspace" })]);
  });

  it("refuses a second sign-up by default (invite-only), and allows it when open", async () => {
    await expect(app.signUp({ email: "eve@example.com" })).rejects.toThrow(/403.*invitation/);
    await setSignupMode(app.db.prisma, "open");
    const cookie = await app.signUp({ email: "bob@example.com" });
    const session = await sessionFromHeaders(new Headers({ cookie }));
    expect(session).toMatchObject({ email: "bob@example.com", isInstanceAdmin: false });
    await setSignupMode(app.db.prisma, "closed");
    await expect(app.signUp({ email: "carol@example.com" })).rejects.toThrow(/403.*closed/);
  });

  it("lets an invitee sign up while sign-up is closed and joins them to the workspace, once", async () => {
    const admin = (await sessionFromHeaders(new Headers({ cookie: adminCookie })))!;
    const [workspace] = await listWorkspacesOf(app.db.prisma, { userId: admin.userId });
    const { token } = await createInvitation(app.db.prisma, {
      workspaceId: workspace!.id,
      role: "viewer",
      email: null,
      invitedById: admin.userId,
    });
    const cookie = await app.signUp({ email: "dan@example.com", invitation: token });
    const dan = (await sessionFromHeaders(new Headers({ cookie })))!;
    const theirs = await listWorkspacesOf(app.db.prisma, { userId: dan.userId });
    expect(theirs.map((w) => [w.id === workspace!.id, w.role])).toContainEqual([true, "viewer"]);
    await expect(app.signUp({ email: "erin@example.com", invitation: token })).rejects.toThrow(/already been used/);
  });

  it("accepts a session cookie as an actor in the active workspace, with the role's scopes", async () => {
    const actor = await requireActor(
      app.request("/api/v1/conversations", { cookie: adminCookie }),
      "conversations:read",
    );
    expect(actor).toMatchObject({ kind: "user", role: "owner" });
    expect(actor.scopes).toContain("runs:write");
  });

  it("refuses a cookie-authenticated state change from another site", async () => {
    const request = app.request("/api/v1/conversations", {
      method: "POST",
      cookie: adminCookie,
      crossSite: true,
      body: "{}",
    });
    await expect(requireActor(request, "conversations:write")).rejects.toMatchObject({ code: "forbidden:cross_site" });
  });

  it("ends a session at sign-out: the same cookie is no longer accepted", async () => {
    const response = await app.signIn({ email: "ada@example.com" });
    const cookie = cookieFrom(response);
    expect(await sessionFromHeaders(new Headers({ cookie }))).not.toBeNull();
    const out = await app.auth.handler(app.request("/api/auth/sign-out", { method: "POST", cookie, body: "{}" }));
    expect(out.status).toBe(200);
    expect(await sessionFromHeaders(new Headers({ cookie }))).toBeNull();
    await expect(
      requireActor(app.request("/api/v1/conversations", { cookie }), "conversations:read"),
    ).rejects.toMatchObject({
      code: "unauthorized:api_key",
    });
  });

  it("ends other sessions when the password changes, even if the client did not ask to", async () => {
    const other = cookieFrom(await app.signIn({ email: "ada@example.com" }));
    const current = cookieFrom(await app.signIn({ email: "ada@example.com" }));
    const changed = await app.auth.handler(
      app.request("/api/auth/change-password", {
        method: "POST",
        cookie: current,
        body: JSON.stringify({ currentPassword: PASSWORD, newPassword: "a new long password 42" }),
      }),
    );
    expect(changed.status).toBe(200);
    expect(await sessionFromHeaders(new Headers({ cookie: other }))).toBeNull();
    expect(await sessionFromHeaders(new Headers({ cookie: adminCookie }))).toBeNull();
    // Put it back for the other tests.
    const fresh = cookieFrom(await app.signIn({ email: "ada@example.com", password: "a new long password 42" }));
    await app.auth.handler(
      app.request("/api/auth/change-password", {
        method: "POST",
        cookie: fresh,
        body: JSON.stringify({ currentPassword: "a new long password 42", newPassword: PASSWORD }),
      }),
    );
    adminCookie = cookieFrom(await app.signIn({ email: "ada@example.com" }));
  });
});

describe("sign-in rate limit", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startAuthTestApp("pglite", { rateLimitPerMinute: 5 });
    await app.signUp({ email: "ada@example.com" });
  }, 60_000);
  afterAll(async () => app?.dispose());

  it("answers 429 after too many attempts from one address, and not for another address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await app.signIn({ email: "ada@example.com", password: `guess number ${i}`, ip: "203.0.113.9" })).status,
      );
    expect(statuses.slice(0, 4).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    // Even the right password is refused while limited…
    expect((await app.signIn({ email: "ada@example.com", ip: "203.0.113.9" })).status).toBe(429);
    // …but another client is not affected.
    expect((await app.signIn({ email: "ada@example.com", ip: "198.51.100.7" })).status).toBe(200);
  });
});

describe("password reset link made by the instance admin", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startAuthTestApp("pglite");
  }, 60_000);
  afterAll(async () => app?.dispose());

  it("resets the password once, and ends every existing session", async () => {
    const cookie = await app.signUp({ email: "ada@example.com" });
    const session = (await sessionFromHeaders(new Headers({ cookie })))!;
    const path = await createResetPath(app.auth, { userId: session.userId });
    const token = new URL(path, "http://localhost:3000").searchParams.get("token")!;
    const reset = (newPassword: string) =>
      app.auth.handler(
        app.request("/api/auth/reset-password", { method: "POST", body: JSON.stringify({ token, newPassword }) }),
      );
    expect((await reset("a brand new password")).status).toBe(200);
    expect(await sessionFromHeaders(new Headers({ cookie }))).toBeNull();
    expect((await app.signIn({ email: "ada@example.com", password: "a brand new password" })).status).toBe(200);
    expect((await reset("yet another password")).status).toBe(400);
  });
});
