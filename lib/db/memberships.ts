// Who belongs to which workspace, with what role. Removing a member also moves any of their
// sessions out of the workspace and revokes the API keys they made there, so their access ends at
// once rather than when a cookie expires.
import "server-only";
import type { WorkspaceRole } from "@/generated/prisma/client";
import type { Db } from "./client";

export async function getMembership(db: Db, input: { workspaceId: string; userId: string }) {
  return db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
    include: { workspace: true },
  });
}

/** The user's workspaces, personal first, then by name. */
export async function listWorkspacesOf(db: Db, input: { userId: string }) {
  const rows = await db.membership.findMany({
    where: { userId: input.userId },
    include: { workspace: { select: { id: true, slug: true, name: true, personal: true } } },
  });
  return rows
    .map((m) => ({ ...m.workspace, role: m.role }))
    .sort((a, b) => Number(b.personal) - Number(a.personal) || a.name.localeCompare(b.name));
}

export async function listMembers(db: Db, input: { workspaceId: string }) {
  const rows = await db.membership.findMany({
    where: { workspaceId: input.workspaceId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({
    userId: m.userId,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    since: m.createdAt,
  }));
}

export async function addMember(db: Db, input: { workspaceId: string; userId: string; role: WorkspaceRole }) {
  return db.membership.upsert({
    where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } },
    create: { workspaceId: input.workspaceId, userId: input.userId, role: input.role },
    // Accepting an invitation never lowers a role the user already has.
    update: {},
  });
}

export async function setMemberRole(db: Db, input: { workspaceId: string; userId: string; role: WorkspaceRole }) {
  const { count } = await db.membership.updateMany({
    where: { workspaceId: input.workspaceId, userId: input.userId },
    data: { role: input.role },
  });
  return count === 1;
}

export async function removeMember(db: Db, input: { workspaceId: string; userId: string }) {
  const { count } = await db.membership.deleteMany({
    where: { workspaceId: input.workspaceId, userId: input.userId },
  });
  await db.session.updateMany({
    where: { userId: input.userId, activeWorkspaceId: input.workspaceId },
    data: { activeWorkspaceId: null },
  });
  // A key acts for the person who made it (lib/auth/actor also refuses it while they are not a member).
  await db.apiKey.updateMany({
    where: { workspaceId: input.workspaceId, createdById: input.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

export async function countOwners(db: Db, input: { workspaceId: string }) {
  return db.membership.count({ where: { workspaceId: input.workspaceId, role: "owner" } });
}
