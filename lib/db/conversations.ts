// Conversations, their turns and input images. Every query is scoped by workspace: an id from
// another workspace behaves exactly like an id that does not exist.
import "server-only";
import type { Db } from "./client";
import type { Prisma } from "@/generated/prisma/client";

export interface NewImage {
  blobKey: string;
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
  originalType: string;
}

export async function createConversation(
  db: Db,
  input: { workspaceId: string; authorId?: string | null; title?: string; visibility?: "private" | "workspace" },
) {
  return db.conversation.create({
    data: {
      workspaceId: input.workspaceId,
      authorId: input.authorId ?? null,
      title: input.title ?? "",
      visibility: input.visibility ?? "private",
    },
  });
}

/**
 * Who is reading: a person (a signed-in user, or the owner an API key acts for), or the holder of
 * one share link. There is no "anyone" reader: every read of a conversation names one.
 */
export type Reader = { userId: string } | { shareLinkId: string };

/**
 * What a reader may see: a person sees the workspace's shared conversations and their own; a
 * share link opens only its own conversation, while the link is not revoked.
 */
export function visibleTo(reader: Reader): Prisma.ConversationWhereInput {
  if ("userId" in reader) {
    if (!reader.userId) throw new Error("visibleTo: a reader needs a user id.");
    return { OR: [{ visibility: "workspace" }, { authorId: reader.userId }] };
  }
  if (!reader.shareLinkId) throw new Error("visibleTo: a reader needs a share link id.");
  return { shareLinks: { some: { id: reader.shareLinkId, revokedAt: null } } };
}

export async function getConversation(db: Db, input: { id: string; workspaceId: string; reader: Reader }) {
  return db.conversation.findFirst({
    where: { id: input.id, workspaceId: input.workspaceId, ...visibleTo(input.reader) },
  });
}

/** Everything needed to show or export a conversation: turns with images and runs, in order. */
export async function getConversationDetail(db: Db, input: { id: string; workspaceId: string; reader: Reader }) {
  return db.conversation.findFirst({
    where: { id: input.id, workspaceId: input.workspaceId, ...visibleTo(input.reader) },
    include: {
      turns: {
        orderBy: { index: "asc" },
        include: {
          images: { orderBy: { index: "asc" } },
          runs: { orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
}

/** Where a page of conversations continues: after this one in the list's order. */
export interface ConversationCursor {
  updatedAt: Date;
  id: string;
}

/**
 * Cursors are the position itself (the last item's updatedAt and id), not just an id: the list is
 * ordered by updatedAt, and a conversation asked a question while someone pages through moves to
 * the front, so a page after its id started over and repeated items.
 */
export function encodeConversationCursor(cursor: ConversationCursor): string {
  return Buffer.from(`${cursor.updatedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

/** The position a cursor names, or undefined when it is not one `encodeConversationCursor` made. */
export function decodeConversationCursor(text: string): ConversationCursor | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(
    Buffer.from(text, "base64url").toString("utf8"),
  );
  const updatedAt = match ? new Date(match[1]!) : undefined;
  return match && !Number.isNaN(updatedAt!.getTime()) ? { updatedAt: updatedAt!, id: match[2]! } : undefined;
}

export async function listConversations(
  db: Db,
  input: { workspaceId: string; reader: { userId: string }; limit: number; cursor?: ConversationCursor },
) {
  const after = input.cursor;
  const rows = await db.conversation.findMany({
    where: {
      workspaceId: input.workspaceId,
      AND: [
        visibleTo(input.reader),
        after
          ? { OR: [{ updatedAt: { lt: after.updatedAt } }, { updatedAt: after.updatedAt, id: { lt: after.id } }] }
          : {},
      ],
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    include: { _count: { select: { turns: true } } },
  });
  const hasMore = rows.length > input.limit;
  const items = hasMore ? rows.slice(0, input.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeConversationCursor(last) : null };
}

/**
 * Add a question (and its images, numbered after the conversation's earlier ones) and the run
 * that will answer it, atomically: either all of it is stored or none.
 */
export async function addTurnWithRun(
  db: Db,
  input: {
    conversationId: string;
    workspaceId: string;
    question: string;
    images: NewImage[];
    profile: string;
    model?: string | null;
  },
) {
  const [lastTurn, lastImage] = await Promise.all([
    db.turn.findFirst({
      where: { conversationId: input.conversationId },
      orderBy: { index: "desc" },
      select: { index: true },
    }),
    db.conversationImage.findFirst({
      where: { conversationId: input.conversationId },
      orderBy: { index: "desc" },
      select: { index: true },
    }),
  ]);
  const turn = await db.turn.create({
    data: {
      conversationId: input.conversationId,
      index: (lastTurn?.index ?? -1) + 1,
      question: input.question,
      images: {
        create: input.images.map((image, i) => ({
          conversationId: input.conversationId,
          index: (lastImage?.index ?? 0) + 1 + i,
          ...image,
        })),
      },
    },
    include: { images: { orderBy: { index: "asc" } } },
  });
  const run = await db.run.create({
    data: {
      turnId: turn.id,
      conversationId: input.conversationId,
      workspaceId: input.workspaceId,
      profile: input.profile,
      model: input.model ?? null,
    },
  });
  await db.conversation.update({
    where: { id: input.conversationId },
    data: { updatedAt: new Date(), ...(turn.index === 0 ? { title: input.question.slice(0, 120) } : {}) },
  });
  return { turn, run };
}
