// Executes one claimed run in this process: rebuilds the conversation, drives the agent loop,
// records every event, and settles the run's final status exactly once.
import "server-only";
import { getProfile, messagesFromEvents, runTurn, type TurnImage, type TurnOutcome } from "@/lib/agent";
import { isAppError } from "@/lib/errors";
import { appendRunEvents, getRunWithTurn, listEventsOfRuns, listRunEvents, transitionRun } from "@/lib/db/runs";
import type { Db } from "@/lib/db";
import { isConnectionError } from "@/lib/db/errors";
import { log } from "@/lib/server/log";
import type { TraceEvent, TraceEventBody } from "@/lib/trace";
import { imageKeysOf } from "./blob-refs";
import { systemClock } from "./clock";
import { isDelta, replayAfter, type StoredEvent } from "./coalesce";
import { RunEventLog } from "./event-log";
import { INTERRUPTED_MESSAGE } from "./recovery";
import type { Runtime } from "./runtime";
import type { FinalRunStatus } from "./status";

type LoadedRun = NonNullable<Awaited<ReturnType<typeof getRunWithTurn>>>;

/** Stops a run if it executes in this process, or as soon as it starts to (see PendingCancels). */
export function cancelLocally(runtime: Runtime, runId: string): void {
  const active = runtime.active.get(runId);
  if (active) active.controller.abort();
  else runtime.pendingCancels.add(runId);
}

export async function executeRun(runtime: Runtime, runId: string): Promise<void> {
  const db = runtime.database.prisma;
  // Claimed just before the database went away: the run starts once it is back, rather than
  // staying running in a process that never ran it.
  const run = await whileDatabaseAway(runtime, `run ${runId}`, () => getRunWithTurn(db, { id: runId }));
  if (!run) return;
  const eventLog = new RunEventLog(
    runId,
    {
      persist: (events) => persistEvents(runtime, runId, events),
      publish: (message) => runtime.bus.emit(message),
    },
    { lastSeq: run.lastSeq, clock: runtime.flushClock },
  );
  const controller = new AbortController();
  const sessionId = run.conversationId;
  runtime.active.set(runId, { controller, log: eventLog, sessionId });
  if (runtime.pendingCancels.take(runId)) controller.abort();
  // Every stored batch also refreshes the heartbeat, so a streaming run needs no extra write;
  // this one covers long silences (a slow tool call, a model thinking before its first token).
  const heartbeatMs = Math.max(1_000, runtime.settings.staleMs / 3);
  const heartbeat = setInterval(() => {
    if (Date.now() - eventLog.lastStoredAt < heartbeatMs) return;
    // updateMany: a heartbeat needs no row read back.
    void db.run.updateMany({ where: { id: runId }, data: { heartbeatAt: new Date() } }).catch(() => {});
  }, heartbeatMs).unref();
  let outcome: TurnOutcome | undefined;
  let failure: { code: string; message: string } | undefined;
  try {
    outcome = await drive(runtime, run, eventLog, controller.signal);
  } catch (error) {
    // Stopped while getting ready (the model server's address was being checked, say): the
    // error is the abort's, and the run ends as asked, cancelled (or interrupted at shutdown).
    const stopped = controller.signal.aborted && !eventLog.failed;
    if (!stopped) failure = describeFailure(error);
    if (!eventLog.failed) {
      try {
        if (failure) eventLog.append({ type: "error", code: "internal", message: failure.message });
        eventLog.append({ type: "turn_finished", status: failure ? "failed" : "cancelled", calls: 0 });
      } catch {
        // The log itself failed; the status below still says what happened.
      }
    }
    if (!stopped && !isAppError(error)) log.error(`run ${runId} failed`, error);
  } finally {
    clearInterval(heartbeat);
  }
  try {
    await eventLog.flush();
  } catch (error) {
    failure = describeFailure(error);
  }
  // A write failed (the database went away): what was shown live past the last stored batch is
  // lost, so the stored trace is closed where it ends, with the reason, as the status is set.
  const closing = eventLog.failed
    ? { ...(failure ?? describeFailure(eventLog.failed)), liveSeq: eventLog.lastSeq }
    : undefined;
  await settle(runtime, run, outcome, failure, controller.signal.aborted, closing);
  runtime.active.delete(runId);
}

async function drive(
  runtime: Runtime,
  run: LoadedRun,
  eventLog: RunEventLog,
  signal: AbortSignal,
): Promise<TurnOutcome> {
  const db = runtime.database.prisma;
  const profile = getProfile(run.profile);
  if (!profile)
    throw new Error(`This run asks for the model profile "${run.profile}", which this version of Loupe does not have.`);
  const [images, priorImages, prior] = await Promise.all([
    loadImages(runtime, run.turn.images),
    loadPriorImages(runtime, db, run),
    loadPriorConversation(db, run),
  ]);
  const continuing = run.mode === "continue";
  const current = continuing ? messagesFromEvents(toBodies(await listRunEvents(db, { runId: run.id }))) : undefined;
  const { port: model, endpoint, sandbox, search } = await runtime.connectionsFor(run.workspaceId, signal);
  if (run.model !== endpoint.model) await db.run.update({ where: { id: run.id }, data: { model: endpoint.model } });
  const turn = runTurn({
    profile,
    sessionId: run.conversationId,
    question: continuing ? null : run.turn.question,
    images: continuing ? [] : images,
    priorImages: continuing ? [...priorImages, ...images] : priorImages,
    history: continuing ? current!.messages : prior,
    resume: continuing ? { callsUsed: current!.callsUsed, afterObservation: current!.afterObservation } : undefined,
    model,
    sandbox,
    search,
    blobs: runtime.blobs,
    imagePort: runtime.imagePort,
    clock: systemClock,
    signal,
    limits: { contextLength: runtime.settings.contextLength },
    options: { prefill: runtime.settings.prefill },
  });
  for (;;) {
    const step = await turn.next();
    if (step.done) return step.value;
    eventLog.append(step.value);
  }
}

function toBodies(rows: { data: unknown }[]): TraceEventBody[] {
  return replayAfter(
    rows.map((r) => r.data as StoredEvent),
    0,
  );
}

async function loadImages(
  runtime: Runtime,
  rows: { blobKey: string; width: number; height: number }[],
): Promise<TurnImage[]> {
  return Promise.all(
    rows.map(async (row) => {
      const blob = await runtime.blobs.get(row.blobKey);
      if (!blob) throw new Error(`An input image (${row.blobKey.slice(0, 12)}…) is missing from the blob store.`);
      return {
        key: row.blobKey,
        width: row.width,
        height: row.height,
        mediaType: "image/png" as const,
        data: blob.data,
      };
    }),
  );
}

async function loadPriorImages(runtime: Runtime, db: Db, run: LoadedRun): Promise<TurnImage[]> {
  const rows = await db.conversationImage.findMany({
    where: { conversationId: run.conversationId, turn: { index: { lt: run.turn.index } } },
    orderBy: { index: "asc" },
  });
  return loadImages(runtime, rows);
}

/** The model's messages from earlier turns: the latest completed run of each, in order. */
async function loadPriorConversation(db: Db, run: LoadedRun) {
  if (run.turn.index === 0) return [];
  const runs = await db.run.findMany({
    where: { conversationId: run.conversationId, status: "completed", turn: { index: { lt: run.turn.index } } },
    orderBy: [{ createdAt: "asc" }],
    select: { id: true, turnId: true, turn: { select: { index: true } } },
  });
  const latestByTurn = new Map<string, { id: string; index: number }>();
  for (const r of runs) latestByTurn.set(r.turnId, { id: r.id, index: r.turn.index });
  const ordered = [...latestByTurn.values()].sort((a, b) => a.index - b.index);
  const events = await listEventsOfRuns(db, { runIds: ordered.map((r) => r.id) });
  const bodies = ordered.flatMap((r) => toBodies(events.get(r.id) ?? []));
  return messagesFromEvents(bodies).messages;
}

/** One batch, all or nothing (a step is never half-written), committed with other runs' batches. */
async function persistEvents(runtime: Runtime, runId: string, events: StoredEvent[]): Promise<void> {
  const keys = new Set<string>();
  for (const event of events) if (!isDelta(event)) imageKeysOf(event, keys);
  await runtime.writer.persist({
    runId,
    events: events.map((e) => ({ seq: e.seq, type: e.type, data: e })),
    blobKeys: [...keys],
  });
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (isAppError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error && error.name === "EventLogError")
    return { code: "unavailable:database", message: error.message };
  return {
    code: "internal:run",
    message: "The run stopped because of an error on the server. The details were logged.",
  };
}

// Why a turn that ended without an answer has none, when its trace has no error saying so (the
// model hit its length limit, or the call limit). A completed run without an answer has an error.
const WITHOUT_AN_ANSWER: Partial<Record<TurnOutcome["status"], { code: string; message: string }>> = {
  truncated: {
    code: "run:truncated",
    message: "The model reached its length limit before it wrote an answer. Ask again, or ask for less at once.",
  },
  limit: {
    code: "run:call_limit",
    message: "The model used all the tool calls a question may take without writing an answer.",
  },
  no_answer: { code: "run:no_answer", message: "The model stopped without writing an answer." },
};

/** Set the final status once; retried briefly, since a database blip is a likely cause of failure. */
async function settle(
  runtime: Runtime,
  run: LoadedRun,
  outcome: TurnOutcome | undefined,
  failure: { code: string; message: string } | undefined,
  aborted: boolean,
  closing?: { code: string; message: string; liveSeq: number },
): Promise<void> {
  const db = runtime.database.prisma;
  let status: FinalRunStatus;
  if (runtime.shuttingDown && aborted) status = "interrupted";
  else if (failure || outcome?.status === "failed") status = "failed";
  else if (aborted || outcome?.status === "cancelled") status = "cancelled";
  else status = "completed";
  if (status === "interrupted") failure = { code: "interrupted:run", message: INTERRUPTED_MESSAGE };
  // Until the database answers again: giving up would leave the run running, with a step open, in a
  // process that no longer runs it. At shutdown the next start's sweep interrupts it instead.
  for (let attempt = 0; attempt < 5 || !runtime.shuttingDown; attempt++) {
    try {
      // Read back from the trace, so inside the retries too.
      const lastError =
        failure ?? (outcome ? ((await lastErrorOf(runtime, run.id)) ?? WITHOUT_AN_ANSWER[outcome.status]) : undefined);
      const data = {
        answer: status === "completed" ? (outcome?.answer ?? null) : null,
        errorCode: status === "completed" && outcome?.status === "completed" ? null : (lastError?.code ?? null),
        errorMessage: status === "completed" && outcome?.status === "completed" ? null : (lastError?.message ?? null),
      };
      if (closing) {
        const final = status;
        await db.$transaction(async (tx) => {
          if (await transitionRun(tx, { id: run.id, from: ["running"], to: final, data }))
            await closeStoredTrace(tx, run.id, closing, final);
        });
      } else await transitionRun(db, { id: run.id, from: ["running"], to: status, data });
      await runtime.bus.publish({ kind: "status", runId: run.id, status }).catch(() => {});
      await runtime.bus.publish({ kind: "wake" }).catch(() => {});
      return;
    } catch (error) {
      log.warn(`run ${run.id}: could not record its final status (attempt ${attempt + 1})`, error);
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 10_000)));
    }
  }
  // Still running in the database: the stale-run sweep will mark it interrupted.
}

/** `fn` again while the database cannot be reached, until it answers (or this process stops). */
async function whileDatabaseAway<T>(runtime: Runtime, what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isConnectionError(error) || runtime.shuttingDown) throw error;
      log.warn(`${what}: the database is not answering (attempt ${attempt + 1})`, error);
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 10_000)));
    }
  }
}

/**
 * After the last stored event: the error, and the turn's end, which closes every step left open.
 * Numbered after the events viewers saw live too (those were lost, not taken back), so a viewer
 * still watching gets them rather than skipping them as seen.
 */
async function closeStoredTrace(
  tx: Db,
  runId: string,
  error: { message: string; liveSeq: number },
  status: FinalRunStatus,
): Promise<void> {
  const stored = await tx.run.findUnique({ where: { id: runId }, select: { lastSeq: true } });
  const seq = Math.max(stored?.lastSeq ?? 0, error.liveSeq);
  const at = new Date().toISOString();
  const events: TraceEvent[] = [
    { seq: seq + 1, at, type: "error", code: "internal", message: error.message },
    { seq: seq + 2, at, type: "turn_finished", status: status === "interrupted" ? "failed" : status, calls: 0 },
  ];
  await appendRunEvents(tx, { runId, events: events.map((e) => ({ seq: e.seq, type: e.type, data: e })) });
}

async function lastErrorOf(runtime: Runtime, runId: string): Promise<{ code: string; message: string } | undefined> {
  const active = runtime.active.get(runId);
  const events: TraceEvent[] = [];
  if (active) {
    const rows = await listRunEvents(runtime.database.prisma, {
      runId,
      afterSeq: Math.max(0, active.log.lastSeq - 20),
    });
    events.push(
      ...replayAfter(
        rows.map((r) => r.data as StoredEvent),
        0,
      ),
    );
  }
  for (const event of events.reverse()) {
    if (event.type === "error" || event.type === "format_problem")
      return { code: `run:${event.code}`, message: event.message };
  }
  return undefined;
}
