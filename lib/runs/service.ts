// What the API and the UI can do with turns and runs. Route handlers call these and nothing
// below them. Each takes the actor the route resolved and authorises it here
// (lib/auth/conversation-access), in the transaction that acts when it changes something.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorizeConversation, authorizeRun } from "@/lib/auth/conversation-access";
import { AppError } from "@/lib/errors";
import { addTurnWithRun, type NewImage } from "@/lib/db/conversations";
import { isUniqueViolation } from "@/lib/db/errors";
import {
  appendRunEvents,
  getRun,
  listQueuedRuns,
  listRunEvents,
  lockConversationRuns,
  transitionRun,
} from "@/lib/db/runs";
import type { Db } from "@/lib/db";
import { ImageError, normalizeUpload } from "@/lib/images";
import type { TraceEvent } from "@/lib/trace";
import { replayAfter, type StoredEvent } from "./coalesce";
import { cancelLocally } from "./runner";
import type { Runtime } from "./runtime";
import { watchRun } from "./watch";

import { MAX_IMAGES_PER_TURN, MAX_QUESTION_CHARS } from "./limits";
import { ACTIVE_RUN_STATUSES, isActiveRun, runAllows, type RunSummary } from "./status";

export interface UploadedImage {
  data: Uint8Array;
  /** As declared by the client; the bytes decide. */
  mediaType?: string;
  name?: string;
}

/** Ask a question in a conversation; returns at once with the queued run. */
export async function startTurn(
  runtime: Runtime,
  input: {
    actor: Actor;
    conversationId: string;
    question: string;
    images: UploadedImage[];
  },
): Promise<{ runId: string; turnId: string }> {
  const db = runtime.database.prisma;
  const question = input.question.trim();
  if (!question)
    throw new AppError("unprocessable:question", "The question is empty. Write what you want to know about the image.");
  if (question.length > MAX_QUESTION_CHARS) {
    throw new AppError(
      "unprocessable:question",
      `The question is ${question.length} characters long; the limit is ${MAX_QUESTION_CHARS}.`,
    );
  }
  if (input.images.length > MAX_IMAGES_PER_TURN) {
    throw new AppError(
      "unprocessable:images",
      `At most ${MAX_IMAGES_PER_TURN} images can go with one question; this one has ${input.images.length}.`,
    );
  }
  const { actor } = input;
  // Checked again under the conversation's lock when the turn is stored; this early check spares
  // the image work for a conversation the actor may not run.
  const conversation = await authorizeConversation(db, actor, input.conversationId, "write");
  const earlier = await db.turn.count({ where: { conversationId: conversation.id } });
  if (earlier === 0 && input.images.length === 0) {
    throw new AppError(
      "unprocessable:images",
      "The first question of a conversation needs an image: attach one and ask again.",
    );
  }
  // Checked again, under the conversation's lock, when the turn is stored; this early check
  // spares the image work in the common case.
  const active = await db.run.findFirst({
    where: { conversationId: conversation.id, status: { in: [...ACTIVE_RUN_STATUSES] } },
  });
  if (active) throw stillAnswering();
  const stored: NewImage[] = [];
  for (const [i, image] of input.images.entries()) {
    try {
      const normalized = await normalizeUpload(image.data);
      const { key } = await runtime.blobs.put({
        data: normalized.png,
        mediaType: "image/png",
        width: normalized.width,
        height: normalized.height,
      });
      stored.push({
        blobKey: key,
        width: normalized.width,
        height: normalized.height,
        originalWidth: normalized.original.width,
        originalHeight: normalized.original.height,
        originalType: normalized.original.mediaType,
      });
    } catch (error) {
      if (error instanceof ImageError) {
        const named = image.name ? ` (${image.name})` : "";
        const which = input.images.length > 1 ? `Image ${i + 1}${named}: ` : image.name ? `${image.name}: ` : "";
        throw new AppError(
          error.code === "too_large" ? "payload_too_large:image" : "unprocessable:image",
          `${which}${error.message}`,
        );
      }
      throw error;
    }
  }
  const profile = await runtime.profileFor(actor.workspaceId);
  try {
    const { turn, run } = await db.$transaction(async (tx) => {
      if ((await lockConversationRuns(tx, conversation.id)).activeTurnId) throw stillAnswering();
      await authorizeConversation(tx, actor, conversation.id, "write");
      return addTurnWithRun(tx, {
        conversationId: conversation.id,
        workspaceId: actor.workspaceId,
        question,
        images: stored,
        profile,
      });
    });
    await runtime.bus.publish({ kind: "wake" });
    return { runId: run.id, turnId: turn.id };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "conflict:turn",
        "Another question was just asked in this conversation. Reload to see it, then ask again.",
      );
    }
    throw error;
  }
}

function stillAnswering(): AppError {
  return new AppError(
    "conflict:turn",
    "This conversation is still answering the previous question. Wait for it, or stop it, then ask again.",
  );
}

export type { RunSummary };

export async function getRunSummary(runtime: Runtime, input: { actor: Actor; runId: string }): Promise<RunSummary> {
  return summaryOf(runtime, await authorizeRun(runtime.database.prisma, input.actor, input.runId, "read"));
}

async function summaryOf(runtime: Runtime, run: NonNullable<Awaited<ReturnType<typeof getRun>>>): Promise<RunSummary> {
  let queuePosition: number | undefined;
  if (run.status === "queued") {
    const queue = await listQueuedRuns(runtime.database.prisma, { workspaceId: run.workspaceId });
    queuePosition = queue.findIndex((r) => r.id === run.id) + 1 || undefined;
  }
  return {
    id: run.id,
    conversationId: run.conversationId,
    turnId: run.turnId,
    status: run.status,
    ...(run.answer !== null ? { answer: run.answer } : {}),
    ...(run.errorMessage ? { error: { code: run.errorCode ?? "run:error", message: run.errorMessage } } : {}),
    ...(queuePosition ? { queuePosition } : {}),
    mode: run.mode,
    ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}),
    ...(run.model ? { model: run.model } : {}),
    createdAt: run.createdAt.toISOString(),
    ...(run.startedAt ? { startedAt: run.startedAt.toISOString() } : {}),
    ...(run.finishedAt ? { finishedAt: run.finishedAt.toISOString() } : {}),
  };
}

/** Stop a run: a queued one is cancelled at once; a running one is stopped by its process. */
export async function cancelRun(runtime: Runtime, input: { actor: Actor; runId: string }): Promise<RunSummary> {
  const db = runtime.database.prisma;
  // The scheduler may claim a queued run at any moment, so re-read until one branch applies.
  for (let attempt = 0; attempt < 3; attempt++) {
    const { run, cancelled } = await db.$transaction(async (tx) => {
      const run = await authorizeRun(tx, input.actor, input.runId, "write");
      if (run.status !== "queued") return { run, cancelled: false };
      const moved = await transitionRun(tx, { id: run.id, from: ["queued"], to: "cancelled" });
      if (moved) {
        const seq = run.lastSeq + 1;
        const event: TraceEvent = {
          seq,
          at: new Date().toISOString(),
          type: "turn_finished",
          status: "cancelled",
          calls: 0,
        };
        await appendRunEvents(tx, { runId: run.id, events: [{ seq, type: event.type, data: event }] });
      }
      return { run, cancelled: moved };
    });
    if (run.status === "queued") {
      if (!cancelled) continue;
      await runtime.bus.publish({ kind: "status", runId: run.id, status: "cancelled" });
    } else if (run.status === "running") {
      cancelLocally(runtime, run.id);
      await runtime.bus.publish({ kind: "cancel", runId: run.id });
      await waitForFinal(runtime, run.id, 10_000);
    }
    break;
  }
  const final = await getRun(db, { id: input.runId });
  if (!final) throw new AppError("not_found:run", "There is no such run in this workspace.");
  return summaryOf(runtime, final);
}

async function waitForFinal(runtime: Runtime, runId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const run = await getRun(runtime.database.prisma, { id: runId });
    if (!run || !isActiveRun(run.status)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A new run for the same question: `retry` starts over; `continue` starts from the last completed
 * step of a run that did not finish (its events are carried over, and the model's messages are
 * rebuilt from them).
 */
export async function rerun(
  runtime: Runtime,
  input: { actor: Actor; runId: string; mode: "retry" | "continue" },
): Promise<{ runId: string }> {
  const db = runtime.database.prisma;
  try {
    const run = await db.$transaction(async (tx) => {
      const parent = await authorizeRun(tx, input.actor, input.runId, "write");
      if (isActiveRun(parent.status)) {
        throw new AppError("conflict:run", "This run is still going. Stop it first, or wait for it to finish.");
      }
      if (!runAllows(parent.status, input.mode)) {
        throw new AppError(
          "conflict:run",
          "This run finished, so there is nothing to continue. Use retry to ask again.",
        );
      }
      // Another turn of the conversation may be answering: its runs share one sandbox and build
      // on each other, so they take turns.
      const { activeTurnId } = await lockConversationRuns(tx, parent.conversationId);
      if (activeTurnId === parent.turnId) throw alreadyAgain();
      if (activeTurnId)
        throw new AppError(
          "conflict:run",
          "This conversation is still answering a question. Wait for it, or stop it, then try again.",
        );
      const carried = input.mode === "continue" ? await resumableEvents(tx, parent.id) : [];
      const created = await tx.run.create({
        data: {
          turnId: parent.turnId,
          conversationId: parent.conversationId,
          workspaceId: parent.workspaceId,
          profile: parent.profile,
          mode: input.mode,
          parentRunId: parent.id,
          lastSeq: carried.length,
        },
      });
      await appendRunEvents(tx, {
        runId: created.id,
        events: carried.map((e, i) => ({ seq: i + 1, type: e.type, data: { ...e, seq: i + 1 } })),
      });
      return created;
    });
    await runtime.bus.publish({ kind: "wake" });
    return { runId: run.id };
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyAgain();
    throw error;
  }
}

function alreadyAgain(): AppError {
  return new AppError("conflict:run", "This question is already being answered again. Reload to follow it.");
}

/** The parent's events up to its last completed step (without its final error and status). */
async function resumableEvents(db: Db, runId: string): Promise<TraceEvent[]> {
  const rows = await listRunEvents(db, { runId });
  const events = replayAfter(
    rows.map((r) => r.data as StoredEvent),
    0,
  );
  while (events.length > 0 && ["turn_finished", "error"].includes(events.at(-1)!.type)) events.pop();
  if (!events.some((e) => e.type === "model_call_finished")) {
    throw new AppError(
      "conflict:run",
      "This run stopped before its first step finished, so there is nothing to continue. Use retry.",
    );
  }
  return events;
}

/**
 * The run's events for one viewer, from `afterSeq` on, ending with the run, in batches (see
 * watchRun); rejects at once for an unknown run.
 */
export async function streamRunEvents(
  runtime: Runtime,
  input: { actor: Actor; runId: string; afterSeq: number; signal?: AbortSignal },
): Promise<AsyncGenerator<readonly TraceEvent[], void>> {
  const db = runtime.database.prisma;
  const run = await authorizeRun(db, input.actor, input.runId, "read");
  return watchRun(
    {
      bus: runtime.bus,
      loadAfter: async (after) =>
        (await listRunEvents(db, { runId: run.id, afterSeq: after })).map((r) => r.data as StoredEvent),
      loadState: async () => {
        const fresh = await getRun(db, { id: run.id });
        return { final: !fresh || !isActiveRun(fresh.status), lastSeq: fresh?.lastSeq ?? 0 };
      },
      unflushed: () => runtime.active.get(run.id)?.log.unflushed() ?? [],
    },
    {
      runId: run.id,
      afterSeq: input.afterSeq,
      signal: input.signal,
      // In one process the bus loses nothing, so storage is only a safety net there.
      pollMs: runtime.bus.kind === "memory" ? 5_000 : 1_000,
    },
  );
}
