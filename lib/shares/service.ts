// Share links: a member who can see a conversation may create read-only links to it, list them
// and revoke them. A link grants exactly one conversation (and the images it shows), nothing else.
// Each change is authorised and audited in the transaction that makes it.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeConversation, denialOf } from "@/lib/auth/conversation-access";
import { hashToken } from "@/lib/crypto/token-hash";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { requireNotGuessing, tokenGuessing } from "@/lib/auth/token-guessing";
import {
  blobVisibleInConversation,
  findShareLinkByHash,
  insertShareLink,
  listShareLinks,
  revokeShareLink,
} from "@/lib/db/shares";
import { AppError } from "@/lib/errors";
import { expiryFor, shareLinkStatus, type ShareExpiryChoice, type ShareLinkStatus } from "./expiry";
import { generateShareToken, isShareToken } from "./tokens";
import { recordAudit } from "@/lib/db/audit";

export interface ShareLinkView {
  id: string;
  status: ShareLinkStatus;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
}

/** The conversation, if the actor may share it: they can see it and are not a viewer. */
async function authorizeSharing(db: Db, actor: Actor, conversationId: string) {
  const conversation = await authorizeConversation(db, actor, conversationId, "read");
  if (actor.role === "viewer")
    throw new AppError("forbidden:share", "Viewers cannot share conversations. Ask a member of the workspace.", {
      denial: denialOf(actor, "share", conversationId, "share: viewer"),
    });
  return conversation;
}

const audited = (actor: Actor) => ({
  workspaceId: actor.workspaceId,
  actorId: actor.userId,
  ...(actor.apiKey ? { apiKey: actor.apiKey } : {}),
});

function toView(
  link: {
    id: string;
    createdAt: Date;
    expiresAt: Date | null;
    revokedAt: Date | null;
    createdBy?: { name: string } | null;
  },
  now: Date,
): ShareLinkView {
  return {
    id: link.id,
    status: shareLinkStatus(link, now),
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt?.toISOString() ?? null,
    revokedAt: link.revokedAt?.toISOString() ?? null,
    createdBy: link.createdBy?.name ?? null,
  };
}

/** A new link; the token is returned once (only its hash is stored). */
export async function createShareLink(
  db: Db,
  input: { actor: Actor; conversationId: string; expires: ShareExpiryChoice; now?: Date },
): Promise<{ token: string; link: ShareLinkView }> {
  const now = input.now ?? new Date();
  const token = generateShareToken();
  const link = await inTransaction(db, async (tx) => {
    await authorizeSharing(tx, input.actor, input.conversationId);
    const link = await insertShareLink(tx, {
      conversationId: input.conversationId,
      tokenHash: hashToken(token),
      createdById: input.actor.userId,
      expiresAt: expiryFor(input.expires, now),
    });
    await recordAudit(tx, {
      ...audited(input.actor),
      action: "share.created",
      target: input.conversationId,
      data: { shareId: link.id, expiresAt: link.expiresAt?.toISOString() ?? null },
    });
    return link;
  });
  return { token, link: toView(link, now) };
}

export async function listShareLinksOf(
  db: Db,
  input: { actor: Actor; conversationId: string; now?: Date },
): Promise<ShareLinkView[]> {
  await authorizeSharing(db, input.actor, input.conversationId);
  const now = input.now ?? new Date();
  const links = await listShareLinks(db, {
    conversationId: input.conversationId,
    workspaceId: input.actor.workspaceId,
  });
  return links.map((link) => toView(link, now));
}

export async function revokeShare(
  db: Db,
  input: { actor: Actor; conversationId: string; shareId: string; now?: Date },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    await authorizeSharing(tx, input.actor, input.conversationId);
    const revoked = await revokeShareLink(tx, {
      id: input.shareId,
      conversationId: input.conversationId,
      workspaceId: input.actor.workspaceId,
      at: input.now ?? new Date(),
    });
    if (!revoked) throw new AppError("not_found:share", "There is no such live share link on this conversation.");
    await recordAudit(tx, {
      ...audited(input.actor),
      action: "share.revoked",
      target: input.conversationId,
      data: { shareId: input.shareId },
    });
  });
}

const LINK_DOES_NOT_WORK = "This link does not work: it may have been revoked or expired.";

/**
 * The conversation a token opens; revoked, expired, malformed and unknown tokens all look the
 * same. `client` is who asks (lib/http/request-client): one that tries too many unknown tokens is
 * refused lookups for a while (lib/auth/token-guessing), and every refusal is audited.
 */
export async function resolveShareToken(
  db: Db,
  input: { token: string; client: string; now?: Date },
): Promise<{ shareLinkId: string; conversationId: string; workspaceId: string }> {
  requireNotGuessing(input.client);
  const link = isShareToken(input.token) ? await findShareLinkByHash(db, { tokenHash: hashToken(input.token) }) : null;
  const status = link ? shareLinkStatus(link, input.now ?? new Date()) : null;
  if (!link || status !== "active") {
    if (!link) tokenGuessing().miss(input.client);
    throw new AppError("not_found:share", LINK_DOES_NOT_WORK, {
      denial: {
        on: "share",
        workspaceId: link?.conversation.workspaceId ?? null,
        actorId: null,
        target: link?.id ?? null,
        reason: link ? `link ${status}` : "unknown token",
      },
    });
  }
  return { shareLinkId: link.id, conversationId: link.conversation.id, workspaceId: link.conversation.workspaceId };
}

/** May the holder of this token see the blob? Only if the shared conversation shows it. */
export async function sharedBlobVisible(
  db: Db,
  input: { token: string; key: string; client: string },
): Promise<boolean> {
  const { conversationId } = await resolveShareToken(db, input);
  return blobVisibleInConversation(db, { key: input.key, conversationId });
}
