// Managing a workspace's people: role changes, removal, leaving, ownership transfer, and the
// workspace itself (create, rename, delete). Every change is checked against the actor's role
// (lib/auth/roles) and written to the audit log.
import "server-only";
import type { PrismaClient, WorkspaceRole } from "@/generated/prisma/client";
import type { Db } from "@/lib/db";
import { canChangeMember, type Role } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/db/audit";
import { countOwners, getMembership, removeMember, setMemberRole } from "@/lib/db/memberships";
import { createWorkspace, deleteWorkspace, getWorkspace, renameWorkspace } from "@/lib/db/workspaces";
import { AppError } from "@/lib/errors";

export interface Manager {
  workspaceId: string;
  userId: string;
  role: Role;
}

const NO_MEMBER = "There is no such member in this workspace.";

async function targetOf(db: Db, workspaceId: string, userId: string) {
  const target = await getMembership(db, { workspaceId, userId });
  if (!target) throw new AppError("not_found:member", NO_MEMBER);
  return target;
}

export async function changeRole(db: Db, actor: Manager, input: { userId: string; role: WorkspaceRole }) {
  const target = await targetOf(db, actor.workspaceId, input.userId);
  if (input.userId === actor.userId) {
    throw new AppError(
      "bad_request:member",
      "You cannot change your own role. Ask another admin, or transfer ownership.",
    );
  }
  if (!canChangeMember(actor.role, target.role, input.role)) {
    throw new AppError("forbidden:member", "Your role cannot give that role to this member.");
  }
  await setMemberRole(db, { workspaceId: actor.workspaceId, userId: input.userId, role: input.role });
  await recordAudit(db, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: "member.role_changed",
    target: input.userId,
    data: { from: target.role, to: input.role },
  });
}

/** Remove someone (an admin's act) or yourself (leaving). Their access ends with this call. */
export async function removeFromWorkspace(db: Db, actor: Manager, input: { userId: string }) {
  const target = await targetOf(db, actor.workspaceId, input.userId);
  const leaving = input.userId === actor.userId;
  if (target.workspace.personal) {
    throw new AppError("bad_request:member", "A personal workspace cannot be left; it is yours alone.");
  }
  if (leaving) {
    if (target.role === "owner" && (await countOwners(db, { workspaceId: actor.workspaceId })) <= 1) {
      throw new AppError(
        "bad_request:member",
        "Transfer ownership to someone else before leaving, or delete the workspace.",
      );
    }
  } else if (!canChangeMember(actor.role, target.role, null)) {
    throw new AppError("forbidden:member", "Your role cannot remove this member.");
  }
  await removeMember(db, { workspaceId: actor.workspaceId, userId: input.userId });
  await recordAudit(db, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: leaving ? "member.left" : "member.removed",
    target: input.userId,
    data: { role: target.role },
  });
}

export async function transferOwnership(db: Db, actor: Manager, input: { userId: string }) {
  if (actor.role !== "owner") throw new AppError("forbidden:member", "Only the owner can transfer ownership.");
  if (input.userId === actor.userId) throw new AppError("bad_request:member", "You already own this workspace.");
  const target = await targetOf(db, actor.workspaceId, input.userId);
  if (target.workspace.personal) {
    throw new AppError("bad_request:member", "A personal workspace cannot be transferred.");
  }
  // Both changes or neither: a workspace must never be left without an owner.
  const swap = async (tx: Db) => {
    await setMemberRole(tx, { workspaceId: actor.workspaceId, userId: input.userId, role: "owner" });
    await setMemberRole(tx, { workspaceId: actor.workspaceId, userId: actor.userId, role: "admin" });
  };
  if ("$transaction" in db) await (db as PrismaClient).$transaction(swap);
  else await swap(db);
  await recordAudit(db, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: "workspace.ownership_transferred",
    target: input.userId,
  });
}

export async function createTeamWorkspace(db: Db, input: { userId: string; name: string }) {
  const workspace = await createWorkspace(db, { name: input.name, ownerId: input.userId });
  await recordAudit(db, { workspaceId: workspace.id, actorId: input.userId, action: "workspace.created" });
  return workspace;
}

export async function rename(db: Db, actor: Manager, input: { name: string }) {
  const before = await getWorkspace(db, { id: actor.workspaceId });
  await renameWorkspace(db, { workspaceId: actor.workspaceId, name: input.name });
  await recordAudit(db, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: "workspace.renamed",
    data: { from: before?.name ?? null, to: input.name },
  });
}

/** Delete the workspace and everything in it. The caller must confirm by typing its slug. */
export async function removeWorkspace(db: Db, actor: Manager, input: { confirm: string }) {
  if (actor.role !== "owner") throw new AppError("forbidden:workspace", "Only the owner can delete a workspace.");
  const workspace = await getWorkspace(db, { id: actor.workspaceId });
  if (!workspace) throw new AppError("not_found:workspace", "There is no such workspace.");
  if (workspace.personal) throw new AppError("bad_request:workspace", "A personal workspace cannot be deleted.");
  if (input.confirm !== workspace.slug) {
    throw new AppError("bad_request:confirm", `Type the workspace's slug (${workspace.slug}) to confirm.`);
  }
  await deleteWorkspace(db, { workspaceId: workspace.id });
  // The audit entry of a deleted workspace goes with it; keep an instance-level record.
  await recordAudit(db, {
    workspaceId: null,
    actorId: actor.userId,
    action: "workspace.deleted",
    target: workspace.slug,
  });
}
