// Membership rules on both databases: role changes within rank, removal ends the session's hold
// on the workspace, leaving, ownership transfer, deletion of everything in a workspace, and
// single-use expiring invitations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/db/audit";
import { addMember, getMembership, listMembers, listWorkspacesOf } from "@/lib/db/memberships";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { createWorkspace, getPersonalWorkspace, getWorkspace } from "@/lib/db/workspaces";
import { acceptInvitation, createInvitation } from "./invitations";
import { removeWorkspace } from "./lifecycle";
import { changeRole, removeFromWorkspace, transferOwnership } from "./members";

describe.each(DATABASE_KINDS)("workspace membership on %s", (kind) => {
  let db: TestDatabase;
  let n = 0;
  async function user(name: string) {
    const u = await db.prisma.user.create({ data: { id: `${name}-${++n}`, name, email: `${name}${n}@example.com` } });
    await createWorkspace(db.prisma, { name: `${name}'s workspace`, ownerId: u.id, personal: true });
    return u;
  }
  async function team() {
    const owner = await user("owner");
    const admin = await user("admin");
    const member = await user("member");
    const ws = await createWorkspace(db.prisma, { name: "Team", ownerId: owner.id });
    await addMember(db.prisma, { workspaceId: ws.id, userId: admin.id, role: "admin" });
    await addMember(db.prisma, { workspaceId: ws.id, userId: member.id, role: "member" });
    const as = (u: { id: string }, role: "owner" | "admin" | "member") => ({ workspaceId: ws.id, userId: u.id, role });
    return { ws, owner, admin, member, as };
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 60_000);
  afterAll(async () => db?.dispose());

  it("gives every slug once, suffixing duplicates", async () => {
    const a = await team();
    const b = await team();
    expect(a.ws.slug).toBe("team");
    expect(b.ws.slug).toMatch(/^team-[0-9a-f]{6}$/);
  });

  it("lets admins change members' roles but not other admins', and nobody their own", async () => {
    const t = await team();
    await changeRole(db.prisma, t.as(t.admin, "admin"), { userId: t.member.id, role: "viewer" });
    expect((await getMembership(db.prisma, { workspaceId: t.ws.id, userId: t.member.id }))?.role).toBe("viewer");
    await expect(
      changeRole(db.prisma, t.as(t.admin, "admin"), { userId: t.owner.id, role: "member" }),
    ).rejects.toMatchObject({
      code: "forbidden:member",
    });
    await expect(
      changeRole(db.prisma, t.as(t.owner, "owner"), { userId: t.owner.id, role: "admin" }),
    ).rejects.toMatchObject({
      code: "bad_request:member",
    });
    const audit = await listAudit(db.prisma, { workspaceId: t.ws.id, limit: 10 });
    expect(audit[0]).toMatchObject({
      action: "member.role_changed",
      target: t.member.id,
      data: { from: "member", to: "viewer" },
    });
  });

  it("removes a member and moves their sessions out of the workspace", async () => {
    const t = await team();
    await db.prisma.session.create({
      data: {
        id: `s-${n}`,
        token: `t-${n}`,
        userId: t.member.id,
        expiresAt: new Date(Date.now() + 60_000),
        activeWorkspaceId: t.ws.id,
      },
    });
    await removeFromWorkspace(db.prisma, t.as(t.admin, "admin"), { userId: t.member.id });
    expect(await getMembership(db.prisma, { workspaceId: t.ws.id, userId: t.member.id })).toBeNull();
    expect((await db.prisma.session.findUnique({ where: { id: `s-${n}` } }))?.activeWorkspaceId).toBeNull();
  });

  it("does not let the last owner leave, nor anyone leave a personal workspace", async () => {
    const t = await team();
    await expect(removeFromWorkspace(db.prisma, t.as(t.owner, "owner"), { userId: t.owner.id })).rejects.toThrow(
      /Transfer ownership/,
    );
    const personal = (await getPersonalWorkspace(db.prisma, { userId: t.member.id }))!;
    await expect(
      removeFromWorkspace(
        db.prisma,
        { workspaceId: personal.id, userId: t.member.id, role: "owner" },
        { userId: t.member.id },
      ),
    ).rejects.toThrow(/personal/);
    await removeFromWorkspace(db.prisma, t.as(t.member, "member"), { userId: t.member.id });
    expect((await listWorkspacesOf(db.prisma, { userId: t.member.id })).map((w) => w.id)).not.toContain(t.ws.id);
  });

  it("transfers ownership: the new owner owns, the old one becomes admin", async () => {
    const t = await team();
    await expect(transferOwnership(db.prisma, t.as(t.admin, "admin"), { userId: t.admin.id })).rejects.toMatchObject({
      code: "forbidden:member",
    });
    await transferOwnership(db.prisma, t.as(t.owner, "owner"), { userId: t.member.id });
    const roles = Object.fromEntries(
      (await listMembers(db.prisma, { workspaceId: t.ws.id })).map((m) => [m.userId, m.role]),
    );
    expect(roles).toEqual({ [t.owner.id]: "admin", [t.admin.id]: "admin", [t.member.id]: "owner" });
  });

  it("deletes a workspace and everything in it only when the owner types its slug", async () => {
    const t = await team();
    await db.prisma.conversation.create({ data: { workspaceId: t.ws.id, authorId: t.member.id } });
    await expect(removeWorkspace(db.prisma, t.as(t.owner, "owner"), { confirm: "wrong" })).rejects.toThrow(
      /Type the workspace/,
    );
    await expect(removeWorkspace(db.prisma, t.as(t.admin, "admin"), { confirm: t.ws.slug })).rejects.toMatchObject({
      code: "forbidden:workspace",
    });
    await removeWorkspace(db.prisma, t.as(t.owner, "owner"), { confirm: t.ws.slug });
    expect(await getWorkspace(db.prisma, { id: t.ws.id })).toBeNull();
    expect(await db.prisma.conversation.count({ where: { workspaceId: t.ws.id } })).toBe(0);
    expect(await db.prisma.membership.count({ where: { workspaceId: t.ws.id } })).toBe(0);
  });

  it("accepts an invitation once, only before it expires, and only for its address", async () => {
    const t = await team();
    const guest = await user("guest");
    const { token } = await createInvitation(db.prisma, {
      workspaceId: t.ws.id,
      role: "viewer",
      email: null,
      invitedById: t.owner.id,
    });
    await acceptInvitation(db.prisma, { token, userId: guest.id, email: guest.email });
    expect((await getMembership(db.prisma, { workspaceId: t.ws.id, userId: guest.id }))?.role).toBe("viewer");
    const other = await user("other");
    await expect(acceptInvitation(db.prisma, { token, userId: other.id, email: other.email })).rejects.toThrow(
      /already been used/,
    );

    const old = await createInvitation(db.prisma, {
      workspaceId: t.ws.id,
      role: "member",
      email: null,
      invitedById: t.owner.id,
      now: new Date(Date.now() - 8 * 24 * 3600 * 1000),
    });
    await expect(
      acceptInvitation(db.prisma, { token: old.token, userId: other.id, email: other.email }),
    ).rejects.toThrow(/expired/);

    const addressed = await createInvitation(db.prisma, {
      workspaceId: t.ws.id,
      role: "member",
      email: "Named@Example.com",
      invitedById: t.owner.id,
    });
    await expect(
      acceptInvitation(db.prisma, { token: addressed.token, userId: other.id, email: other.email }),
    ).rejects.toThrow(/named@example.com/);
    await expect(
      createInvitation(db.prisma, { workspaceId: t.ws.id, role: "owner", email: null, invitedById: t.owner.id }),
    ).rejects.toThrow(/ownership/);
  });

  it("lets only one of two simultaneous acceptances win", async () => {
    const t = await team();
    const [a, b] = [await user("a"), await user("b")];
    const { token } = await createInvitation(db.prisma, {
      workspaceId: t.ws.id,
      role: "member",
      email: null,
      invitedById: t.owner.id,
    });
    const results = await Promise.allSettled([
      acceptInvitation(db.prisma, { token, userId: a.id, email: a.email }),
      acceptInvitation(db.prisma, { token, userId: b.id, email: b.email }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.prisma.membership.count({ where: { workspaceId: t.ws.id, userId: { in: [a.id, b.id] } } })).toBe(1);
  });
});
