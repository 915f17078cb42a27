// Share links: only the token's sha256 is stored. Queries take the conversation's workspace so a
// link id from elsewhere behaves like one that does not exist.
import "server-only";
import type { Db } from "./client";

export async function insertShareLink(
  db: Db,
  input: { conversationId: string; tokenHash: string; createdById: string | null; expiresAt: Date | null },
) {
  return db.shareLink.create({ data: input });
}

/** Links of one conversation that still work or were revoked/expired recently enough to list, newest first. */
export async function listShareLinks(db: Db, input: { conversationId: string; workspaceId: string }) {
  return db.shareLink.findMany({
    where: { conversationId: input.conversationId, conversation: { workspaceId: input.workspaceId } },
    orderBy: { createdAt: "desc" },
    include: { createdBy: { select: { name: true } } },
  });
}

/** Revoke once; returns false when there is no such live link in that conversation. */
export async function revokeShareLink(
  db: Db,
  input: { id: string; conversationId: string; workspaceId: string; at: Date },
): Promise<boolean> {
  const { count } = await db.shareLink.updateMany({
    where: {
      id: input.id,
      conversationId: input.conversationId,
      conversation: { workspaceId: input.workspaceId },
      revokedAt: null,
    },
    data: { revokedAt: input.at },
  });
  return count > 0;
}

/** The link a token hash names, live or not (lib/shares/expiry tells which). */
export async function findShareLinkByHash(db: Db, input: { tokenHash: string }) {
  return db.shareLink.findUnique({
    where: { tokenHash: input.tokenHash },
    include: { conversation: { select: { id: true, workspaceId: true } } },
  });
}

/** Does this conversation show the blob (as an input image or in one of its runs' traces)? */
export async function blobVisibleInConversation(db: Db, input: { key: string; conversationId: string }) {
  const [asInput, inTrace] = await Promise.all([
    db.conversationImage.findFirst({
      where: { blobKey: input.key, conversationId: input.conversationId },
      select: { id: true },
    }),
    db.runBlob.findFirst({
      where: { blobKey: input.key, run: { conversationId: input.conversationId } },
      select: { runId: true },
    }),
  ]);
  return Boolean(asInput ?? inTrace);
}
