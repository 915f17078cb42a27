// Every route × who is asking (owner, admin, member, viewer, an API key, signed out) × whose
// resource (this workspace's, another workspace's), with the status each must get. Handlers are
// called directly, on a real database, with real session cookies and API keys. Ids from another
// workspace must behave exactly like ids that do not exist (404), on every verb.
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSandbox, FakeSearch } from "@/lib/agent/testing/fakes";
import { createApiKey } from "@/lib/auth/api-keys";
import { sessionFromHeaders } from "@/lib/auth/session";
import { startAuthTestApp, type AuthTestApp } from "@/lib/auth/testing";
import { DiskBlobStore } from "@/lib/blobs/disk";
import { createBlobService } from "@/lib/blobs/service";
import { setSignupMode } from "@/lib/db/instance-settings";
import { addMember, setMemberRole } from "@/lib/db/memberships";
import { setActiveWorkspace } from "@/lib/db/users";
import { createWorkspace } from "@/lib/db/workspaces";
import { parseEnv } from "@/lib/env";
import { METHODS } from "@/lib/http/methods";
import { createRuntime, type Runtime } from "@/lib/runs/runtime";
import { createInvitation } from "@/lib/workspaces/invitations";
import * as blobRoute from "@/app/api/blobs/[key]/route";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import * as conversationRoute from "@/app/api/v1/conversations/[id]/route";
import * as turnsRoute from "@/app/api/v1/conversations/[id]/turns/route";
import * as runRoute from "@/app/api/v1/runs/[runId]/route";
import * as eventsRoute from "@/app/api/v1/runs/[runId]/events/route";
import * as cancelRoute from "@/app/api/v1/runs/[runId]/cancel/route";
import * as retryRoute from "@/app/api/v1/runs/[runId]/retry/route";
import * as continueRoute from "@/app/api/v1/runs/[runId]/continue/route";
import * as sharesRoute from "@/app/api/conversations/[id]/shares/route";
import * as shareRoute from "@/app/api/conversations/[id]/shares/[shareId]/route";
import * as currentRoute from "./current/route";
import * as membersRoute from "./current/members/route";
import * as memberRoute from "./current/members/[userId]/route";
import * as invitationsRoute from "./current/invitations/route";
import * as invitationRoute from "./current/invitations/[id]/route";
import * as apiKeysRoute from "./current/api-keys/route";
import * as apiKeyRoute from "./current/api-keys/[id]/route";
import * as settingsRoute from "./current/settings/route";
import * as auditRoute from "./current/audit/route";
import * as instanceRoute from "./instance/route";
import * as resetLinkRoute from "./instance/reset-link/route";
import * as activeRoute from "./active/route";
import * as acceptRoute from "./invitations/accept/route";
import * as workspacesRoute from "./route";
import * as settingsTestRoute from "./current/settings/test/route";
import * as transferRoute from "./current/transfer/route";

const WHO = ["owner", "admin", "member", "viewer", "apikey", "anon"] as const;
type Who = (typeof WHO)[number];
type Where = "own" | "other";

const g = globalThis as typeof globalThis & { __loupeRuntime?: Promise<Runtime> };

let app: AuthTestApp;
let runtime: Runtime;
const cookies = {} as Record<Exclude<Who, "apikey" | "anon">, string>;
const users = {} as Record<"owner" | "admin" | "member" | "viewer" | "stranger", string>;
let apiKey: string;
let team: string;
let elsewhere: string;

/** A conversation with one completed run that shows one image. */
async function seed(workspaceId: string, authorId: string, visibility: "private" | "workspace" = "workspace") {
  const db = app.db.prisma;
  // PGlite under vitest refuses Buffers for bytea, so blobs live on disk here (as in lib/runs tests).
  const { key } = await runtime.blobs.put({
    data: new Uint8Array(randomBytes(64)),
    mediaType: "image/png",
    width: 8,
    height: 8,
  });
  const conversation = await db.conversation.create({ data: { workspaceId, authorId, visibility, title: "t" } });
  const turn = await db.turn.create({ data: { conversationId: conversation.id, index: 0, question: "q" } });
  const run = await db.run.create({
    data: {
      turnId: turn.id,
      conversationId: conversation.id,
      workspaceId,
      profile: "deepeyes-v2",
      status: "completed",
      answer: "a",
      finishedAt: new Date(),
    },
  });
  await db.runBlob.create({ data: { runId: run.id, blobKey: key } });
  const share = await db.shareLink.create({
    data: { conversationId: conversation.id, tokenHash: randomBytes(32).toString("hex"), createdById: authorId },
  });
  return { conversationId: conversation.id, runId: run.id, blobKey: key, shareId: share.id };
}

function headersFor(who: Who): RequestInit & { cookie?: string } {
  if (who === "anon") return {};
  if (who === "apikey") return { headers: { authorization: `Bearer ${apiKey}` } };
  return { cookie: cookies[who] };
}

type Call = (who: Who, where: Where) => Promise<Response>;
interface Row {
  route: string;
  call: Call;
  /** Expected status in this workspace, per asker. */
  own: Record<Who, number>;
  /** Expected for another workspace's ids (signed out is always 401). Default 404. */
  other?: number | Record<Who, number>;
}

const all = (status: number, overrides: Partial<Record<Who, number>> = {}): Record<Who, number> => ({
  owner: status,
  admin: status,
  member: status,
  viewer: status,
  apikey: status,
  anon: 401,
  ...overrides,
});

function req(who: Who, path: string, method = "GET", body?: unknown) {
  const init = headersFor(who);
  return app.request(path, { ...init, method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}
const params = <T>(p: T) => ({ params: Promise.resolve(p) });
const where = (w: Where) => (w === "own" ? team : elsewhere);
const authorOf = (w: Where) => (w === "own" ? users.owner : users.stranger);

const rows: Row[] = [
  {
    route: "GET /api/v1/conversations",
    call: (who) => conversationsRoute.GET(req(who, "/api/v1/conversations")),
    own: all(200),
    other: all(200),
  },
  {
    route: "POST /api/v1/conversations",
    call: (who) => conversationsRoute.POST(req(who, "/api/v1/conversations", "POST", { title: "x" })),
    own: all(201, { viewer: 403 }),
    other: all(201, { viewer: 403 }),
  },
  {
    route: "GET /api/v1/conversations/:id (export)",
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      return conversationRoute.GET(
        req(who, `/api/v1/conversations/${s.conversationId}`),
        params({ id: s.conversationId }),
      );
    },
    own: all(200),
  },
  {
    route: "POST /api/v1/conversations/:id/turns",
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      return turnsRoute.POST(
        req(who, `/api/v1/conversations/${s.conversationId}/turns`, "POST", { question: "and now?" }),
        params({ id: s.conversationId }),
      );
    },
    // The owner wrote it; admins manage; a member may run only their own; viewers read.
    own: all(202, { member: 403, viewer: 403 }),
    // A viewer may change nothing, so the role answers before any lookup: 403 whatever the id.
    other: all(404, { viewer: 403 }),
  },
  {
    route: "GET /api/v1/runs/:id",
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      return runRoute.GET(req(who, `/api/v1/runs/${s.runId}`), params({ runId: s.runId }));
    },
    own: all(200),
  },
  {
    route: "GET /api/v1/runs/:id/events (SSE)",
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      const response = await eventsRoute.GET(req(who, `/api/v1/runs/${s.runId}/events`), params({ runId: s.runId }));
      await response.body?.cancel();
      return response;
    },
    own: all(200),
  },
  ...(["cancel", "retry", "continue"] as const).map((action): Row => ({
    route: `POST /api/v1/runs/:id/${action}`,
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      const handler = { cancel: cancelRoute, retry: retryRoute, continue: continueRoute }[action].POST;
      return handler(req(who, `/api/v1/runs/${s.runId}/${action}`, "POST"), params({ runId: s.runId }));
    },
    // A completed run: cancel reports it as is, retry starts again, continue has nothing to continue.
    own: all({ cancel: 200, retry: 202, continue: 409 }[action], { member: 403, viewer: 403 }),
    other: all(404, { viewer: 403 }),
  })),
  {
    route: "GET /api/blobs/:key",
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      return blobRoute.GET(req(who, `/api/blobs/${s.blobKey}`), params({ key: s.blobKey }));
    },
    own: all(200),
  },
  {
    route: "POST /api/conversations/:id/shares",
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      return sharesRoute.POST(
        req(who, `/api/conversations/${s.conversationId}/shares`, "POST", {}),
        params({ id: s.conversationId }),
      );
    },
    own: all(201, { viewer: 403 }),
    other: all(404, { viewer: 403 }),
  },
  {
    route: "GET /api/conversations/:id/shares",
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      return sharesRoute.GET(
        req(who, `/api/conversations/${s.conversationId}/shares`),
        params({ id: s.conversationId }),
      );
    },
    // lib/shares lets only those who can share see the links.
    own: all(200, { viewer: 403 }),
  },
  {
    route: "DELETE /api/conversations/:id/shares/:shareId",
    call: async (who, w) => {
      const s = await seed(where(w), authorOf(w));
      return shareRoute.DELETE(
        req(who, `/api/conversations/${s.conversationId}/shares/${s.shareId}`, "DELETE"),
        params({ id: s.conversationId, shareId: s.shareId }),
      );
    },
    own: all(204, { viewer: 403 }),
    other: all(404, { viewer: 403 }),
  },
  {
    route: "GET /api/workspaces/current",
    call: (who) => currentRoute.GET(req(who, "/api/workspaces/current")),
    own: all(200),
    other: all(200),
  },
  {
    route: "PATCH /api/workspaces/current (rename)",
    call: (who) => currentRoute.PATCH(req(who, "/api/workspaces/current", "PATCH", { name: "Team" })),
    own: all(200, { member: 403, viewer: 403, apikey: 401 }),
    other: all(200, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "GET /api/workspaces/current/members",
    call: (who) => membersRoute.GET(req(who, "/api/workspaces/current/members")),
    own: all(200),
    other: all(200),
  },
  {
    route: "PATCH /api/workspaces/current/members/:userId",
    call: async (who, w) => {
      // A fresh viewer to promote: in this workspace, or in the other one (IDOR).
      const target = await freshUser(where(w));
      return memberRoute.PATCH(
        req(who, `/api/workspaces/current/members/${target}`, "PATCH", { role: "member" }),
        params({ userId: target }),
      );
    },
    own: all(200, { member: 403, viewer: 403, apikey: 401 }),
    other: all(404, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "DELETE /api/workspaces/current/members/:userId",
    call: async (who, w) => {
      const target = await freshUser(where(w));
      return memberRoute.DELETE(
        req(who, `/api/workspaces/current/members/${target}`, "DELETE"),
        params({ userId: target }),
      );
    },
    own: all(204, { member: 403, viewer: 403, apikey: 401 }),
    other: all(404, { apikey: 401 }),
  },
  {
    route: "GET /api/workspaces/current/invitations",
    call: (who) => invitationsRoute.GET(req(who, "/api/workspaces/current/invitations")),
    own: all(200, { member: 403, viewer: 403, apikey: 401 }),
    other: all(200, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "POST /api/workspaces/current/invitations",
    call: (who) => invitationsRoute.POST(req(who, "/api/workspaces/current/invitations", "POST", { role: "viewer" })),
    own: all(201, { member: 403, viewer: 403, apikey: 401 }),
    other: all(201, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "DELETE /api/workspaces/current/invitations/:id",
    call: async (who, w) => {
      const { invitation } = await createInvitation(app.db.prisma, {
        workspaceId: where(w),
        role: "viewer",
        email: null,
        invitedById: authorOf(w),
      });
      return invitationRoute.DELETE(
        req(who, `/api/workspaces/current/invitations/${invitation.id}`, "DELETE"),
        params({ id: invitation.id }),
      );
    },
    own: all(204, { member: 403, viewer: 403, apikey: 401 }),
    other: all(404, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "GET /api/workspaces/current/api-keys",
    call: (who) => apiKeysRoute.GET(req(who, "/api/workspaces/current/api-keys")),
    own: all(200, { member: 403, viewer: 403, apikey: 401 }),
    other: all(200, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "POST /api/workspaces/current/api-keys",
    call: (who) => apiKeysRoute.POST(req(who, "/api/workspaces/current/api-keys", "POST", { name: "ci" })),
    own: all(201, { member: 403, viewer: 403, apikey: 401 }),
    other: all(201, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "DELETE /api/workspaces/current/api-keys/:id",
    call: async (who, w) => {
      const { id } = await createApiKey(app.db.prisma, { workspaceId: where(w), name: "victim" });
      return apiKeyRoute.DELETE(req(who, `/api/workspaces/current/api-keys/${id}`, "DELETE"), params({ id }));
    },
    own: all(204, { member: 403, viewer: 403, apikey: 401 }),
    other: all(404, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "GET /api/workspaces/current/settings",
    call: (who) => settingsRoute.GET(req(who, "/api/workspaces/current/settings")),
    own: all(200, { member: 403, viewer: 403, apikey: 401 }),
    other: all(200, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "PATCH /api/workspaces/current/settings",
    call: (who) =>
      settingsRoute.PATCH(
        req(who, "/api/workspaces/current/settings", "PATCH", { settings: { search: { textProvider: "brave" } } }),
      ),
    own: all(200, { member: 403, viewer: 403, apikey: 401 }),
    other: all(200, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "GET /api/workspaces/current/audit",
    call: (who) => auditRoute.GET(req(who, "/api/workspaces/current/audit")),
    own: all(200, { member: 403, viewer: 403, apikey: 401 }),
    other: all(200, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "GET /api/workspaces/instance (instance admin only)",
    call: (who) => instanceRoute.GET(req(who, "/api/workspaces/instance")),
    own: all(403, { owner: 200, apikey: 401 }),
    other: all(403, { owner: 200, apikey: 401 }),
  },
  {
    route: "PUT /api/workspaces/instance (sign-up mode)",
    call: (who) => instanceRoute.PUT(req(who, "/api/workspaces/instance", "PUT", { signupMode: "open" })),
    own: all(403, { owner: 200, apikey: 401 }),
    other: all(403, { owner: 200, apikey: 401 }),
  },
  {
    route: "POST /api/workspaces/instance/reset-link",
    call: (who, w) =>
      resetLinkRoute.POST(
        req(who, "/api/workspaces/instance/reset-link", "POST", {
          email: w === "own" ? "viewer@example.com" : "stranger@example.com",
        }),
      ),
    // The instance admin acts across workspaces; nobody else may make reset links.
    own: all(403, { owner: 201, apikey: 401 }),
    other: all(403, { owner: 201, apikey: 401 }),
  },
  {
    route: "GET /api/workspaces",
    call: (who) => workspacesRoute.GET(req(who, "/api/workspaces")),
    own: all(200, { apikey: 401 }),
    other: all(200, { apikey: 401 }),
  },
  {
    route: "POST /api/workspaces (create)",
    call: async (who) => {
      const response = await workspacesRoute.POST(req(who, "/api/workspaces", "POST", { name: "Side project" }));
      await backToTeam();
      return response;
    },
    own: all(201, { apikey: 401 }),
    other: all(201, { apikey: 401 }),
  },
  {
    route: "POST /api/workspaces/active (switch)",
    call: async (who, w) => {
      const response = await activeRoute.POST(req(who, "/api/workspaces/active", "POST", { workspaceId: where(w) }));
      await backToTeam();
      return response;
    },
    own: all(200, { apikey: 401 }),
    other: all(404, { apikey: 401 }),
  },
  {
    route: "POST /api/workspaces/current/transfer",
    call: async (who, w) => {
      const target = await freshUser(where(w));
      const response = await transferRoute.POST(
        req(who, "/api/workspaces/current/transfer", "POST", { userId: target }),
      );
      if (response.status === 200) {
        await setMemberRole(app.db.prisma, { workspaceId: team, userId: users.owner, role: "owner" });
        await setMemberRole(app.db.prisma, { workspaceId: team, userId: target, role: "viewer" });
      }
      return response;
    },
    own: all(403, { owner: 200, apikey: 401 }),
    other: all(403, { owner: 404, apikey: 401 }),
  },
  {
    route: "DELETE /api/workspaces/current (unconfirmed)",
    call: (who) => currentRoute.DELETE(req(who, "/api/workspaces/current", "DELETE", { confirm: "not-the-slug" })),
    own: all(403, { owner: 400, apikey: 401 }),
    other: all(403, { owner: 400, apikey: 401 }),
  },
  {
    route: "POST /api/workspaces/current/settings/test",
    call: (who) =>
      settingsTestRoute.POST(req(who, "/api/workspaces/current/settings/test", "POST", { target: "model" })),
    own: all(200, { member: 403, viewer: 403, apikey: 401 }),
    other: all(200, { member: 403, viewer: 403, apikey: 401 }),
  },
  {
    route: "POST /api/workspaces/invitations/accept",
    call: async (who, w) => {
      // Own: an open invitation to this workspace. Other: one addressed to someone else.
      const { token } = await createInvitation(app.db.prisma, {
        workspaceId: where(w),
        role: "viewer",
        email: w === "own" ? null : "someone-else@example.com",
        invitedById: authorOf(w),
      });
      const response = await acceptRoute.POST(req(who, "/api/workspaces/invitations/accept", "POST", { token }));
      await backToTeam();
      return response;
    },
    own: all(200, { apikey: 401 }),
    other: all(400, { apikey: 401 }),
  },
];

/** Put every test user's session back in the team workspace after a route that switches it. */
async function backToTeam() {
  await app.db.prisma.session.updateMany({
    where: { userId: { in: [users.owner, users.admin, users.member, users.viewer] } },
    data: { activeWorkspaceId: team },
  });
}

let userCounter = 0;
async function freshUser(workspaceId: string): Promise<string> {
  const user = await app.db.prisma.user.create({
    data: {
      id: `u-${++userCounter}-${randomBytes(4).toString("hex")}`,
      name: "x",
      email: `x${userCounter}@example.com`,
    },
  });
  await addMember(app.db.prisma, { workspaceId, userId: user.id, role: "viewer" });
  return user.id;
}

beforeAll(async () => {
  app = await startAuthTestApp("pglite");
  const db = app.db.prisma;
  cookies.owner = await app.signUp({ email: "owner@example.com", name: "Owner" });
  await setSignupMode(db, "open");
  for (const who of ["admin", "member", "viewer"] as const)
    cookies[who] = await app.signUp({ email: `${who}@example.com` });
  const strangerCookie = await app.signUp({ email: "stranger@example.com" });
  for (const who of ["owner", "admin", "member", "viewer"] as const) {
    users[who] = (await sessionFromHeaders(new Headers({ cookie: cookies[who] })))!.userId;
  }
  users.stranger = (await sessionFromHeaders(new Headers({ cookie: strangerCookie })))!.userId;
  team = (await createWorkspace(db, { name: "Team", ownerId: users.owner })).id;
  elsewhere = (await createWorkspace(db, { name: "Elsewhere", ownerId: users.stranger })).id;
  for (const who of ["admin", "member", "viewer"] as const)
    await addMember(db, { workspaceId: team, userId: users[who], role: who });
  for (const who of ["owner", "admin", "member", "viewer"] as const) {
    const session = (await sessionFromHeaders(new Headers({ cookie: cookies[who] })))!;
    await setActiveWorkspace(db, { sessionId: session.sessionId, workspaceId: team });
  }
  apiKey = (await createApiKey(db, { workspaceId: team, name: "matrix", createdById: users.owner })).key;
  runtime = await createRuntime({
    database: app.db,
    blobs: createBlobService({ db, store: new DiskBlobStore(path.join(app.db.target.dataDir, "blobs")) }),
    env: parseEnv({ LOUPE_DATA_DIR: app.db.target.dataDir }),
    sandbox: new FakeSandbox([]),
    search: new FakeSearch(),
    overrides: () => Promise.resolve({}),
  });
  g.__loupeRuntime = Promise.resolve(runtime);
}, 120_000);

afterAll(async () => {
  g.__loupeRuntime = undefined;
  await runtime?.close();
  await app?.dispose();
});

describe.each(rows)("$route", (row) => {
  it.each(WHO)("as %s", async (who) => {
    const own = await row.call(who, "own");
    const otherExpected = typeof row.other === "number" ? all(row.other)[who] : (row.other ?? all(404))[who];
    const other = await row.call(who, "other");
    expect({ own: own.status, other: other.status }).toEqual({ own: row.own[who], other: otherExpected });
  });
});

describe("IDOR and privacy", () => {
  it("hides a member's private conversation from everyone else in the workspace, admins included", async () => {
    const s = await seed(team, users.member, "private");
    const statuses: Record<string, number> = {};
    for (const who of ["owner", "admin", "member", "viewer"] as const) {
      const r = await conversationRoute.GET(
        req(who, `/api/v1/conversations/${s.conversationId}`),
        params({ id: s.conversationId }),
      );
      const blob = await blobRoute.GET(req(who, `/api/blobs/${s.blobKey}`), params({ key: s.blobKey }));
      const run = await runRoute.GET(req(who, `/api/v1/runs/${s.runId}`), params({ runId: s.runId }));
      statuses[who] = r.status === blob.status && r.status === run.status ? r.status : -1;
    }
    expect(statuses).toEqual({ owner: 404, admin: 404, member: 200, viewer: 404 });
  });

  it("lets a member run their own conversation", async () => {
    const s = await seed(team, users.member, "private");
    const r = await turnsRoute.POST(
      req("member", `/api/v1/conversations/${s.conversationId}/turns`, "POST", { question: "more?" }),
      params({ id: s.conversationId }),
    );
    expect(r.status).toBe(202);
  });

  it("refuses every cookie-authenticated state change from another site", async () => {
    const s = await seed(team, users.owner);
    const cross = (path: string, method: string, body?: unknown) =>
      app.request(path, {
        method,
        cookie: cookies.owner,
        crossSite: true,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const responses = await Promise.all([
      conversationsRoute.POST(cross("/api/v1/conversations", "POST", {})),
      turnsRoute.POST(
        cross(`/api/v1/conversations/${s.conversationId}/turns`, "POST", { question: "x" }),
        params({ id: s.conversationId }),
      ),
      cancelRoute.POST(cross(`/api/v1/runs/${s.runId}/cancel`, "POST"), params({ runId: s.runId })),
      sharesRoute.POST(
        cross(`/api/conversations/${s.conversationId}/shares`, "POST", {}),
        params({ id: s.conversationId }),
      ),
      settingsRoute.PATCH(cross("/api/workspaces/current/settings", "PATCH", { settings: {} })),
      apiKeysRoute.POST(cross("/api/workspaces/current/api-keys", "POST", { name: "evil" })),
      memberRoute.DELETE(
        cross(`/api/workspaces/current/members/${users.viewer}`, "DELETE"),
        params({ userId: users.viewer }),
      ),
    ]);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 403));
    // A no-cors fetch from another site: no Origin our way, Sec-Fetch-Site says cross-site.
    const noCors = new Request("http://localhost:3000/api/v1/conversations", {
      method: "POST",
      headers: {
        cookie: cookies.owner,
        "sec-fetch-site": "cross-site",
        "sec-fetch-mode": "no-cors",
        "content-type": "text/plain",
      },
      body: "{}",
    });
    expect((await conversationsRoute.POST(noCors)).status).toBe(403);
    // A form post from a sibling subdomain (same-site, so SameSite=Lax would let the cookie through).
    const sameSite = new Request("http://localhost:3000/api/workspaces/current/api-keys", {
      method: "POST",
      headers: {
        cookie: cookies.owner,
        origin: "http://evil.localhost:3000",
        "sec-fetch-site": "same-site",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "name=evil",
    });
    expect((await apiKeysRoute.POST(sameSite)).status).toBe(403);
  });

  it("changes nothing on GET: state-changing routes have no GET handler, or one that only answers 405", async () => {
    for (const routeModule of [
      turnsRoute,
      cancelRoute,
      retryRoute,
      continueRoute,
      shareRoute,
      memberRoute,
      invitationRoute,
      apiKeyRoute,
    ]) {
      const get = (routeModule as { GET?: (request: Request) => Promise<Response> }).GET;
      if (get) expect((await get(app.request("/api/v1/anything", headersFor("owner")))).status).toBe(405);
    }
    // Every route says so itself (lib/http/methods.ts), not only the API's.
    expect(["GET" in turnsRoute, "GET" in cancelRoute, "GET" in shareRoute]).toEqual([true, true, true]);
  });

  it("gives the same decision for one API key in either header, and refuses two different keys", async () => {
    const bearer = await conversationsRoute.GET(
      app.request("/api/v1/conversations", { headers: { authorization: `Bearer ${apiKey}` } }),
    );
    const header = await conversationsRoute.GET(
      app.request("/api/v1/conversations", { headers: { "x-api-key": apiKey } }),
    );
    const both = await conversationsRoute.GET(
      app.request("/api/v1/conversations", { headers: { authorization: `Bearer ${apiKey}`, "x-api-key": apiKey } }),
    );
    expect([bearer.status, header.status, both.status]).toEqual([200, 200, 200]);
    expect(await header.json()).toEqual(await bearer.json());
    const { key: revoked, id } = await createApiKey(app.db.prisma, {
      workspaceId: team,
      name: "revoked",
      createdById: users.owner,
    });
    await app.db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const statuses = await Promise.all(
      (
        [
          ["authorization", `Bearer ${revoked}`],
          ["x-api-key", revoked],
          ["authorization", `bearer   ${revoked}`],
        ] as const
      )
        .map(([name, value]): Record<string, string> => ({ [name]: value }))
        .map(
          async (headers) => (await conversationsRoute.GET(app.request("/api/v1/conversations", { headers }))).status,
        ),
    );
    expect(statuses).toEqual([401, 401, 401]);
    const mixed = await conversationsRoute.GET(
      app.request("/api/v1/conversations", { headers: { authorization: `Bearer ${apiKey}`, "x-api-key": revoked } }),
    );
    expect(mixed.status).toBe(400);
  });

  it("ends a removed member's access at once, on their existing session", async () => {
    const cookie = await app.signUp({ email: "leaving@example.com" });
    const session = (await sessionFromHeaders(new Headers({ cookie })))!;
    await addMember(app.db.prisma, { workspaceId: team, userId: session.userId, role: "member" });
    await setActiveWorkspace(app.db.prisma, { sessionId: session.sessionId, workspaceId: team });
    const s = await seed(team, users.owner);
    const before = await conversationRoute.GET(
      app.request(`/api/v1/conversations/${s.conversationId}`, { cookie }),
      params({ id: s.conversationId }),
    );
    expect(before.status).toBe(200);
    const removed = await memberRoute.DELETE(
      req("admin", `/api/workspaces/current/members/${session.userId}`, "DELETE"),
      params({ userId: session.userId }),
    );
    expect(removed.status).toBe(204);
    const after = await conversationRoute.GET(
      app.request(`/api/v1/conversations/${s.conversationId}`, { cookie }),
      params({ id: s.conversationId }),
    );
    expect(after.status).toBe(404);
    const audit = await app.db.prisma.auditEntry.findFirst({
      where: { workspaceId: team, action: "member.removed", target: session.userId },
    });
    expect(audit).not.toBeNull();
  });
});

describe("API keys act for the person who made them", () => {
  const NOT_FOUND = "There is no such conversation, or you cannot see it.";
  const keys = {} as Record<"admin" | "member" | "viewer", string>;

  beforeAll(async () => {
    for (const who of ["admin", "member", "viewer"] as const)
      keys[who] = (await createApiKey(app.db.prisma, { workspaceId: team, name: who, createdById: users[who] })).key;
  });

  const byKey = (key: string, path: string, method = "GET", body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it.each(["admin", "member", "viewer"] as const)(
    "refuses a key made by %s to read, share or ask in another member's private conversation",
    async (who) => {
      const victim = who === "member" ? users.admin : users.member;
      const s = await seed(team, victim, "private");
      const key = keys[who];
      const unknown = "00000000-0000-4000-8000-000000000000";
      const responses = {
        read: await conversationRoute.GET(
          byKey(key, `/api/v1/conversations/${s.conversationId}`),
          params({ id: s.conversationId }),
        ),
        share: await sharesRoute.POST(
          byKey(key, `/api/conversations/${s.conversationId}/shares`, "POST", {}),
          params({ id: s.conversationId }),
        ),
        shares: await sharesRoute.GET(
          byKey(key, `/api/conversations/${s.conversationId}/shares`),
          params({ id: s.conversationId }),
        ),
        ask: await turnsRoute.POST(
          byKey(key, `/api/v1/conversations/${s.conversationId}/turns`, "POST", { question: "secrets?" }),
          params({ id: s.conversationId }),
        ),
        unknown: await conversationRoute.GET(byKey(key, `/api/v1/conversations/${unknown}`), params({ id: unknown })),
      };
      const seen: Record<string, [number, string]> = {};
      for (const [name, response] of Object.entries(responses)) {
        const body = (await response.json()) as { error?: { message: string } };
        seen[name] = [response.status, body.error?.message ?? "ok"];
      }
      // A viewer's key may not ask or share anywhere: the role answers first, as for the viewer
      // (before the conversation is looked up, so this says nothing about it either).
      const refusedByRole = who === "viewer";
      expect(seen).toEqual({
        read: [404, NOT_FOUND],
        share: refusedByRole ? [403, expect.any(String)] : [404, NOT_FOUND],
        shares: [404, NOT_FOUND],
        ask: refusedByRole ? [403, expect.any(String)] : [404, NOT_FOUND],
        unknown: [404, NOT_FOUND],
      });
      for (const run of [runRoute, eventsRoute]) {
        const response = await run.GET(byKey(key, `/api/v1/runs/${s.runId}`), params({ runId: s.runId }));
        expect(response.status).toBe(404);
      }
      const blob = await blobRoute.GET(byKey(key, `/api/blobs/${s.blobKey}`), params({ key: s.blobKey }));
      expect(blob.status).toBe(404);
      const listed = (await (await conversationsRoute.GET(byKey(key, "/api/v1/conversations?limit=100"))).json()) as {
        items: { id: string }[];
      };
      expect(listed.items.map((c) => c.id)).not.toContain(s.conversationId);
      expect(await app.db.prisma.shareLink.count({ where: { conversationId: s.conversationId } })).toBe(1);
    },
  );

  it("lets a key work in what its owner sees: their own private conversation and the workspace's", async () => {
    const own = await seed(team, users.member, "private");
    const shared = await seed(team, users.owner, "workspace");
    const read = await conversationRoute.GET(
      byKey(keys.member, `/api/v1/conversations/${own.conversationId}`),
      params({ id: own.conversationId }),
    );
    const share = await sharesRoute.POST(
      byKey(keys.member, `/api/conversations/${own.conversationId}/shares`, "POST", {}),
      params({ id: own.conversationId }),
    );
    const readShared = await conversationRoute.GET(
      byKey(keys.member, `/api/v1/conversations/${shared.conversationId}`),
      params({ id: shared.conversationId }),
    );
    // A member may read the workspace's conversations but run only their own.
    const askShared = await turnsRoute.POST(
      byKey(keys.member, `/api/v1/conversations/${shared.conversationId}/turns`, "POST", { question: "and?" }),
      params({ id: shared.conversationId }),
    );
    expect([read.status, share.status, readShared.status, askShared.status]).toEqual([200, 201, 200, 403]);
    const created = await conversationsRoute.POST(byKey(keys.member, "/api/v1/conversations", "POST", {}));
    const { id } = (await created.json()) as { id: string };
    const stored = await app.db.prisma.conversation.findUniqueOrThrow({ where: { id } });
    expect(stored.authorId).toBe(users.member);
  });

  it("records the key and its owner in the audit log", async () => {
    const s = await seed(team, users.member, "private");
    const response = await sharesRoute.POST(
      byKey(keys.member, `/api/conversations/${s.conversationId}/shares`, "POST", {}),
      params({ id: s.conversationId }),
    );
    expect(response.status).toBe(201);
    const keyRow = await app.db.prisma.apiKey.findFirstOrThrow({
      where: { createdById: users.member, name: "member" },
    });
    const entry = await app.db.prisma.auditEntry.findFirstOrThrow({
      where: { workspaceId: team, action: "share.created", target: s.conversationId },
    });
    expect(entry.actorId).toBe(users.member);
    expect(entry.data).toMatchObject({ apiKey: { id: keyRow.id, prefix: keyRow.prefix } });
  });

  it("revokes a person's keys when they are removed from the workspace", async () => {
    const leaverCookie = await app.signUp({ email: "key-leaver@example.com" });
    const leaver = (await sessionFromHeaders(new Headers({ cookie: leaverCookie })))!.userId;
    await addMember(app.db.prisma, { workspaceId: team, userId: leaver, role: "member" });
    const { key, id } = await createApiKey(app.db.prisma, { workspaceId: team, name: "leaver", createdById: leaver });
    expect((await conversationsRoute.GET(byKey(key, "/api/v1/conversations"))).status).toBe(200);
    const removed = await memberRoute.DELETE(
      req("admin", `/api/workspaces/current/members/${leaver}`, "DELETE"),
      params({ userId: leaver }),
    );
    expect(removed.status).toBe(204);
    const after = await conversationsRoute.GET(byKey(key, "/api/v1/conversations"));
    expect(after.status).toBe(401);
    expect((await app.db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull();
  });

  it("refuses a key whose owner is no longer a member, however they stopped being one, with a sentence", async () => {
    const goneCookie = await app.signUp({ email: "key-gone@example.com" });
    const gone = (await sessionFromHeaders(new Headers({ cookie: goneCookie })))!.userId;
    await addMember(app.db.prisma, { workspaceId: team, userId: gone, role: "admin" });
    const { key } = await createApiKey(app.db.prisma, { workspaceId: team, name: "gone", createdById: gone });
    expect((await conversationsRoute.GET(byKey(key, "/api/v1/conversations"))).status).toBe(200);
    // Not through the members route (which also revokes the keys): the membership row alone goes.
    await app.db.prisma.membership.deleteMany({ where: { workspaceId: team, userId: gone } });
    const after = await conversationsRoute.GET(byKey(key, "/api/v1/conversations"));
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(/no longer a member/);
  });

  it("refuses a key that acts for nobody (made without an owner)", async () => {
    const { key } = await createApiKey(app.db.prisma, { workspaceId: team, name: "orphan" });
    const response = await conversationsRoute.GET(byKey(key, "/api/v1/conversations"));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/owner/);
  });
});

describe("refused attempts in the audit log", () => {
  // Each test's requests come from their own address (as the server stamps it), so the throttle,
  // which is per client, starts afresh for them.
  const from = (address: string, init: { cookie?: string; headers?: Record<string, string> }) => ({
    ...init,
    headers: { ...init.headers, "x-loupe-peer-address": address },
  });

  it("records a member probing another's private conversation once a minute, however often they try", async () => {
    const s = await seed(team, users.admin, "private");
    for (let i = 0; i < 5; i++) {
      const response = await conversationRoute.GET(
        app.request(`/api/v1/conversations/${s.conversationId}`, from("10.77.0.1", { cookie: cookies.member })),
        params({ id: s.conversationId }),
      );
      expect(response.status).toBe(404);
    }
    const entries = await app.db.prisma.auditEntry.findMany({
      where: { workspaceId: team, action: "conversation.denied", target: s.conversationId },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: users.member,
      data: { reason: "read: not visible", client: "10.77.0.1", attempts: 1 },
    });
  });

  it("records the key and its owner for a refused attempt through an API key", async () => {
    const s = await seed(team, users.admin, "private");
    const { key, id } = await createApiKey(app.db.prisma, {
      workspaceId: team,
      name: "prober",
      createdById: users.member,
    });
    const response = await sharesRoute.POST(
      app.request(
        `/api/conversations/${s.conversationId}/shares`,
        from("10.77.0.2", { headers: { authorization: `Bearer ${key}` } }),
      ),
      params({ id: s.conversationId }),
    );
    expect(response.status).toBe(404);
    const entry = await app.db.prisma.auditEntry.findFirstOrThrow({
      where: { workspaceId: team, action: "conversation.denied", target: s.conversationId },
    });
    expect(entry).toMatchObject({ actorId: users.member, data: { apiKey: { id }, client: "10.77.0.2" } });
  });
});

describe("every route file under app/api", () => {
  // Found on disk, so a new route file that forgets lib/http/methods.ts's route() fails here.
  const apiDir = path.resolve(import.meta.dirname, "..");
  const files = readdirSync(apiDir, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts")
    .sort();
  type RouteModule = Partial<Record<string, (request: Request) => Promise<Response>>>;

  it("finds them all", () => {
    expect(files.length).toBeGreaterThanOrEqual(34);
  });

  it.each(files)("%s answers a method it does not take with the JSON 405, and OPTIONS lists its own", async (file) => {
    const routeModule = (await import(path.join(apiDir, file))) as RouteModule;
    const url = `http://loupe.test/api/${path.dirname(file)}`;
    const options = routeModule.OPTIONS;
    expect(options, "OPTIONS is exported (lib/http/methods.ts route())").toBeTypeOf("function");
    const listed = await options!(new Request(url, { method: "OPTIONS" }));
    const allow = listed.headers.get("allow") ?? "";
    expect(listed.status).toBe(204);
    const allowed = allow.split(", ");
    for (const method of METHODS) {
      const answer = routeModule[method];
      // Not exported, Next.js would answer it with an empty 405.
      expect(answer, `${method} is exported`).toBeTypeOf("function");
      if (allowed.includes(method)) continue;
      const response = await answer!(new Request(url, { method }));
      expect([response.status, response.headers.get("allow")], method).toEqual([405, allow]);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed:route");
    }
    // The catch-all for unknown /api/v1 paths takes every method (a JSON 404); the others refuse some.
    if (file !== path.join("v1", "[...path]", "route.ts")) expect(allowed.length).toBeLessThan(METHODS.length + 2);
  });
});
