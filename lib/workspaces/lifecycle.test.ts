// A workspace's life on both databases: personal and team creation, rename and deletion, with the
// audit entries each leaves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/db/audit";
import { listWorkspacesOf } from "@/lib/db/memberships";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { getWorkspace } from "@/lib/db/workspaces";
import { createPersonalWorkspace, createTeamWorkspace, removeWorkspace, renameWorkspace } from "./lifecycle";

describe.each(DATABASE_KINDS)("workspace lifecycle on %s", (kind) => {
  let db: TestDatabase;
  let n = 0;
  async function user(name: string) {
    return db.prisma.user.create({ data: { id: `${name}-${++n}`, name, email: `${name}${n}@example.com` } });
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 60_000);
  afterAll(async () => db?.dispose());

  it("names a personal workspace after its owner, who owns it", async () => {
    const ada = await user("Ada");
    const personal = await createPersonalWorkspace(db.prisma, { userId: ada.id, userName: "Ada" });
    expect(personal).toMatchObject({ name: "Ada's workspace", personal: true });
    expect(await listWorkspacesOf(db.prisma, { userId: ada.id })).toMatchObject([
      { id: personal.id, role: "owner", personal: true },
    ]);
  });

  it("creates a team workspace its creator owns, and audits it", async () => {
    const owner = await user("owner");
    const ws = await createTeamWorkspace(db.prisma, { userId: owner.id, name: "Lab Team" });
    expect(ws).toMatchObject({ name: "Lab Team", slug: "lab-team", personal: false });
    expect(await listAudit(db.prisma, { workspaceId: ws.id, limit: 10 })).toMatchObject([
      { action: "workspace.created", actorId: owner.id },
    ]);
  });

  it("renames, auditing the old and new names", async () => {
    const owner = await user("owner");
    const ws = await createTeamWorkspace(db.prisma, { userId: owner.id, name: "Before" });
    await renameWorkspace(db.prisma, { workspaceId: ws.id, userId: owner.id, role: "owner" }, { name: "After" });
    expect((await getWorkspace(db.prisma, { id: ws.id }))?.name).toBe("After");
    expect((await listAudit(db.prisma, { workspaceId: ws.id, limit: 1 }))[0]).toMatchObject({
      action: "workspace.renamed",
      data: { from: "Before", to: "After" },
    });
  });

  it("deletes a team workspace on its owner's confirmation, keeping an instance-level audit entry", async () => {
    const owner = await user("owner");
    const ws = await createTeamWorkspace(db.prisma, { userId: owner.id, name: "Doomed" });
    const actor = { workspaceId: ws.id, userId: owner.id, role: "owner" as const };
    await removeWorkspace(db.prisma, actor, { confirm: ws.slug });
    expect(await getWorkspace(db.prisma, { id: ws.id })).toBeNull();
    expect(
      await db.prisma.auditEntry.findFirst({
        where: { workspaceId: null, action: "workspace.deleted", target: ws.slug },
      }),
    ).toMatchObject({ actorId: owner.id });
  });

  it("refuses to delete a personal workspace", async () => {
    const owner = await user("owner");
    const personal = await createPersonalWorkspace(db.prisma, { userId: owner.id, userName: "owner" });
    await expect(
      removeWorkspace(
        db.prisma,
        { workspaceId: personal.id, userId: owner.id, role: "owner" },
        { confirm: personal.slug },
      ),
    ).rejects.toMatchObject({ code: "bad_request:workspace" });
    expect(await getWorkspace(db.prisma, { id: personal.id })).not.toBeNull();
  });
});
