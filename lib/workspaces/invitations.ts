// Invitation links: a random token in the URL, only its sha256 stored; expiring and single-use.
// Accepting adds the membership and marks the invitation used in one transaction.
import "server-only";
import { randomBytes } from "node:crypto";
import type { PrismaClient, WorkspaceRole } from "@/generated/prisma/client";
import { hashToken } from "@/lib/crypto/token-hash";
import { recordAudit } from "@/lib/db/audit";
import type { Db } from "@/lib/db";
import { consumeInvitation, findInvitationByTokenHash, insertInvitation } from "@/lib/db/invitations";
import { addMember } from "@/lib/db/memberships";
import { AppError } from "@/lib/errors";
import { invitationProblem } from "@/lib/auth/signup-policy";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export async function findInvitation(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return findInvitationByTokenHash(db, { tokenHash: hashToken(token) });
}

export async function createInvitation(
  db: Db,
  input: { workspaceId: string; role: WorkspaceRole; email: string | null; invitedById: string; now?: Date },
) {
  if (input.role === "owner") {
    throw new AppError("bad_request:invitation", "Invite people as admin, member or viewer; ownership is transferred.");
  }
  const token = randomBytes(24).toString("base64url");
  const now = input.now ?? new Date();
  const invitation = await insertInvitation(db, {
    workspaceId: input.workspaceId,
    email: input.email?.trim().toLowerCase() || null,
    role: input.role,
    tokenHash: hashToken(token),
    invitedById: input.invitedById,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
  });
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actorId: input.invitedById,
    action: "invitation.created",
    target: invitation.email ?? invitation.id,
    data: { role: input.role },
  });
  return { invitation, token };
}

/** Join the invitation's workspace. Throws a plain sentence when the link cannot be used. */
export async function acceptInvitation(
  db: PrismaClient | Db,
  input: { token: string; userId: string; email: string; now?: Date },
) {
  const now = input.now ?? new Date();
  const invitation = await findInvitation(db, input.token);
  const problem = invitationProblem(invitation, now, input.email);
  if (problem || !invitation)
    throw new AppError("bad_request:invitation", problem ?? "This invitation link is not valid.");
  const run = async (tx: Db) => {
    if (!(await consumeInvitation(tx, { id: invitation.id, now }))) {
      throw new AppError("conflict:invitation", "This invitation has already been used. Ask for a new one.");
    }
    await addMember(tx, { workspaceId: invitation.workspaceId, userId: input.userId, role: invitation.role });
    await recordAudit(tx, {
      workspaceId: invitation.workspaceId,
      actorId: input.userId,
      action: "member.joined",
      target: input.email,
      data: { role: invitation.role, invitationId: invitation.id },
    });
  };
  if ("$transaction" in db) await db.$transaction(run);
  else await run(db);
  return invitation.workspace;
}
