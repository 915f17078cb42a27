// The session contract pages rely on: who is looking, in which workspace, with what role, and the
// workspace switch that changes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as activeRoute from "@/app/api/workspaces/active/route";
import { setSignupMode } from "@/lib/db/instance-settings";
import { createWorkspace } from "@/lib/db/workspaces";
import { startAuthTestApp, type AuthTestApp } from "./testing";
import { viewerFromHeaders } from "./viewer";

describe("viewer", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startAuthTestApp("pglite");
  }, 60_000);
  afterAll(async () => app?.dispose());

  it("is null without a valid session", async () => {
    expect(await viewerFromHeaders(new Headers())).toBeNull();
    expect(await viewerFromHeaders(new Headers({ cookie: "loupe.session_token=forged.value" }))).toBeNull();
  });

  it("describes the user in their personal workspace, then in the workspace they switch to", async () => {
    const cookie = await app.signUp({ email: "ada@example.com", name: "Ada" });
    const viewer = (await viewerFromHeaders(new Headers({ cookie })))!;
    expect(viewer).toMatchObject({
      name: "Ada",
      email: "ada@example.com",
      isInstanceAdmin: true,
      role: "owner",
      workspace: { personal: true, name: "Ada's workspace" },
    });
    const team = await createWorkspace(app.db.prisma, { name: "Team", ownerId: viewer.userId });
    const switched = await activeRoute.POST(
      app.request("/api/workspaces/active", { method: "POST", cookie, body: JSON.stringify({ workspaceId: team.id }) }),
    );
    expect(switched.status).toBe(200);
    const after = (await viewerFromHeaders(new Headers({ cookie })))!;
    expect(after.workspace).toMatchObject({ id: team.id, slug: "team", personal: false });
    expect(after.workspaces.map((w) => w.name).sort()).toEqual(["Ada's workspace", "Team"]);
  });

  it("recreates a missing personal workspace rather than leaving the user nowhere", async () => {
    await setSignupMode(app.db.prisma, "open");
    const bobCookie = await app.signUp({ email: "bob@example.com" });
    const bob = (await viewerFromHeaders(new Headers({ cookie: bobCookie })))!;
    await app.db.prisma.workspace.delete({ where: { id: bob.workspace.id } });
    const again = (await viewerFromHeaders(new Headers({ cookie: bobCookie })))!;
    expect(again.workspace.personal).toBe(true);
    expect(again.workspace.id).not.toBe(bob.workspace.id);
  });
});
