// Managing a workspace's people: role changes, removal, leaving, ownership transfer (the workspace
// itself is created, renamed and deleted in ./lifecycle). Every change is checked against the
// actor's role (lib/auth/roles) and written to the audit log.
import "server-only";
import type { PrismaClient, WorkspaceRole } from "@/generated/prisma/client";
import type { Db } from "@/lib/db";
import { canChangeMember, type Role } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/db/audit";
import { countOwners, getMembership, removeMember, setMemberRole } from "@/lib/db/memberships";
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
