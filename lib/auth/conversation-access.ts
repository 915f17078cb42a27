// Conversation-level access for route handlers, on top of the workspace scoping every query does:
// a private conversation is its author's alone (another user's id behaves as if it did not
// exist), and changing one (asking, cancelling, retrying) needs canWriteConversation.
import "server-only";
import type { Db } from "@/lib/db";
import { visibleTo } from "@/lib/db/conversations";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { canWriteConversation } from "./roles";

const NO_CONVERSATION = "There is no such conversation, or you cannot see it.";
const NO_RUN = "There is no such run in this workspace.";

function forbidden(actor: Actor): AppError {
  return new AppError(
    "forbidden:conversation",
    actor.role === "viewer"
      ? "Viewers can read conversations but not run them. Ask a workspace admin for the member role."
      : "Only the conversation's author or a workspace admin can run or change it.",
  );
}

export async function requireReadableConversation(db: Db, actor: Actor, conversationId: string) {
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, workspaceId: actor.workspaceId, ...visibleTo(actor.userId) },
    select: { id: true, authorId: true },
  });
  if (!conversation) throw new AppError("not_found:conversation", NO_CONVERSATION);
  return conversation;
}

export async function requireWritableConversation(db: Db, actor: Actor, conversationId: string) {
  const conversation = await requireReadableConversation(db, actor, conversationId);
  if (!canWriteConversation(actor, conversation)) throw forbidden(actor);
  return conversation;
}

export async function requireReadableRun(db: Db, actor: Actor, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId: actor.workspaceId, conversation: visibleTo(actor.userId) },
    select: { id: true, conversation: { select: { authorId: true } } },
  });
  if (!run) throw new AppError("not_found:run", NO_RUN);
  return run;
}

export async function requireWritableRun(db: Db, actor: Actor, runId: string) {
  const run = await requireReadableRun(db, actor, runId);
  if (!canWriteConversation(actor, run.conversation)) throw forbidden(actor);
  return run;
}
