// Conversation-level access, decided here and nowhere else. Services (lib/runs, lib/shares) call
// these with the actor the route resolved, on the transaction that then acts, and use the row they
// return, so what is checked is what is changed. A private conversation is its author's alone
// (another person's id behaves exactly like one that does not exist); changing one (asking,
// cancelling, retrying, sharing) needs canWriteConversation. Every refusal carries a Denial for
// the audit log (lib/auth/denials).
import "server-only";
import type { Db } from "@/lib/db";
import { getConversation } from "@/lib/db/conversations";
import { getVisibleRun } from "@/lib/db/runs";
import { AppError, type Denial } from "@/lib/errors";
import type { Actor } from "./actor";
import { canWriteConversation } from "./roles";

export type Need = "read" | "write";

export const NO_CONVERSATION = "There is no such conversation, or you cannot see it.";
const NO_RUN = "There is no such run in this workspace.";

/** Who was refused what, for the audit log. */
export function denialOf(actor: Actor, on: Denial["on"], target: string, reason: string): Denial {
  return {
    on,
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    ...(actor.apiKey ? { apiKey: actor.apiKey } : {}),
    target,
    reason,
  };
}

function forbidden(actor: Actor, denial: Denial): AppError {
  return new AppError(
    "forbidden:conversation",
    actor.role === "viewer"
      ? "Viewers can read conversations but not run them. Ask a workspace admin for the member role."
      : "Only the conversation's author or a workspace admin can run or change it.",
    { denial },
  );
}

export async function authorizeConversation(db: Db, actor: Actor, conversationId: string, need: Need) {
  const conversation = await getConversation(db, {
    id: conversationId,
    workspaceId: actor.workspaceId,
    reader: { userId: actor.userId },
  });
  if (!conversation) {
    throw new AppError("not_found:conversation", NO_CONVERSATION, {
      denial: denialOf(actor, "conversation", conversationId, `${need}: not visible`),
    });
  }
  if (need === "write" && !canWriteConversation(actor, conversation)) {
    throw forbidden(actor, denialOf(actor, "conversation", conversationId, "write: not allowed"));
  }
  return conversation;
}

export async function authorizeRun(db: Db, actor: Actor, runId: string, need: Need) {
  const run = await getVisibleRun(db, { id: runId, workspaceId: actor.workspaceId, reader: { userId: actor.userId } });
  if (!run) {
    throw new AppError("not_found:run", NO_RUN, { denial: denialOf(actor, "run", runId, `${need}: not visible`) });
  }
  if (need === "write" && !canWriteConversation(actor, run.conversation)) {
    throw forbidden(actor, denialOf(actor, "run", runId, "write: not allowed"));
  }
  return run;
}
