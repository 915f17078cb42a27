// A conversation as one JSON document: every turn's question, images, runs, and the trace of its
// latest run (reduced with the same `reduceTrace` the UI uses). Versioned by `schema`; documented
// in docs/api.md. Additive changes keep the version; anything else bumps it.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { denialOf, NO_CONVERSATION } from "@/lib/auth/conversation-access";
import type { Db } from "@/lib/db";
import { getConversationDetail, type Reader } from "@/lib/db/conversations";
import { listEventsOfRuns } from "@/lib/db/runs";
import { AppError } from "@/lib/errors";
import { reduceTrace, type TurnTrace } from "@/lib/trace";
import { replayAfter, type StoredEvent } from "./coalesce";
import type { Runtime } from "./runtime";

export const CONVERSATION_SCHEMA = "loupe.conversation.v1";

export interface ExportedRun {
  id: string;
  status: string;
  mode: string;
  parentRunId: string | null;
  model: string | null;
  answer: string | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ExportedTurn {
  id: string;
  index: number;
  question: string;
  createdAt: string;
  images: {
    index: number;
    key: string;
    url: string;
    width: number;
    height: number;
    original: { width: number; height: number; mediaType: string };
  }[];
  /** The latest run's status and answer; null before any run. */
  status: string | null;
  answer: string | null;
  error: { code: string; message: string } | null;
  runs: ExportedRun[];
  /** The latest run's trace: its steps, in order. */
  trace: TurnTrace | null;
}

export interface ExportedConversation {
  schema: typeof CONVERSATION_SCHEMA;
  id: string;
  workspaceId: string;
  title: string;
  visibility: string;
  createdAt: string;
  updatedAt: string;
  turns: ExportedTurn[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A conversation as the actor sees it; one they cannot see is not found (and the refusal audited). */
export async function exportConversation(
  runtime: Runtime,
  input: { actor: Actor; id: string; blobUrl: (key: string) => string },
): Promise<ExportedConversation> {
  const { actor, id } = input;
  const exported = await exportFor(runtime.database.prisma, {
    id,
    workspaceId: actor.workspaceId,
    reader: { userId: actor.userId },
    blobUrl: input.blobUrl,
  });
  if (!exported) {
    throw new AppError("not_found:conversation", NO_CONVERSATION, {
      denial: denialOf(actor, "conversation", id, "read: not visible"),
    });
  }
  return exported;
}

/** The conversation a live share link opens (lib/shares resolves the token first). */
export async function exportSharedConversation(
  runtime: Runtime,
  input: { shareLinkId: string; conversationId: string; workspaceId: string; blobUrl: (key: string) => string },
): Promise<ExportedConversation> {
  const exported = await exportFor(runtime.database.prisma, {
    id: input.conversationId,
    workspaceId: input.workspaceId,
    reader: { shareLinkId: input.shareLinkId },
    blobUrl: input.blobUrl,
  });
  if (!exported) throw new AppError("not_found:share", "This link does not work: it may have been revoked or expired.");
  return exported;
}

async function exportFor(
  db: Db,
  input: { id: string; workspaceId: string; reader: Reader; blobUrl: (key: string) => string },
): Promise<ExportedConversation | null> {
  const conversation = await getConversationDetail(db, input);
  if (!conversation) return null;
  const latest = conversation.turns.map((t) => t.runs.at(-1)).filter((r) => r !== undefined);
  const events = await listEventsOfRuns(db, { runIds: latest.map((r) => r.id) });
  return {
    schema: CONVERSATION_SCHEMA,
    id: conversation.id,
    workspaceId: conversation.workspaceId,
    title: conversation.title,
    visibility: conversation.visibility,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
    turns: conversation.turns.map((turn) => {
      const run = turn.runs.at(-1);
      const rows = run ? (events.get(run.id) ?? []) : [];
      const trace = run
        ? reduceTrace(
            replayAfter(
              rows.map((r) => r.data as StoredEvent),
              0,
            ),
          )
        : null;
      const runError = (r: (typeof turn.runs)[number]) =>
        r.errorMessage ? { code: r.errorCode ?? "run:error", message: r.errorMessage } : null;
      return {
        id: turn.id,
        index: turn.index,
        question: turn.question,
        createdAt: turn.createdAt.toISOString(),
        images: turn.images.map((image) => ({
          index: image.index,
          key: image.blobKey,
          url: input.blobUrl(image.blobKey),
          width: image.width,
          height: image.height,
          original: { width: image.originalWidth, height: image.originalHeight, mediaType: image.originalType },
        })),
        status: run?.status ?? null,
        answer: run?.answer ?? null,
        error: run ? runError(run) : null,
        runs: turn.runs.map((r) => ({
          id: r.id,
          status: r.status,
          mode: r.mode,
          parentRunId: r.parentRunId,
          model: r.model,
          answer: r.answer,
          error: runError(r),
          createdAt: r.createdAt.toISOString(),
          startedAt: iso(r.startedAt),
          finishedAt: iso(r.finishedAt),
        })),
        trace: trace?.turns.at(-1) ?? null,
      };
    }),
  };
}
