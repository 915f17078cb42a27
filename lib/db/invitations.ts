// Invitations to a workspace: a link whose token only the invitee sees (its sha256 is stored),
// optionally addressed to an email. Single-use and expiring: accepting is one conditional update.
import "server-only";
import type { WorkspaceRole } from "@/generated/prisma/client";
import type { Db } from "./client";

export async function insertInvitation(
  db: Db,
  input: {
    workspaceId: string;
    email: string | null;
    role: WorkspaceRole;
    tokenHash: string;
    invitedById: string | null;
    expiresAt: Date;
  },
) {
  return db.invitation.create({ data: input });
}

export async function findInvitationByTokenHash(db: Db, input: { tokenHash: string }) {
  return db.invitation.findUnique({
    where: { tokenHash: input.tokenHash },
    include: { workspace: { select: { id: true, slug: true, name: true } } },
  });
}

/** Mark an invitation used, if it still can be. True for exactly one caller. */
export async function consumeInvitation(db: Db, input: { id: string; now: Date }) {
  const { count } = await db.invitation.updateMany({
    where: { id: input.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: input.now } },
    data: { acceptedAt: input.now },
  });
  return count === 1;
}

export async function listPendingInvitations(db: Db, input: { workspaceId: string; now: Date }) {
  return db.invitation.findMany({
    where: { workspaceId: input.workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: input.now } },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeInvitation(db: Db, input: { id: string; workspaceId: string; now: Date }) {
  const { count } = await db.invitation.updateMany({
    where: { id: input.id, workspaceId: input.workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: input.now },
  });
  return count === 1;
}
