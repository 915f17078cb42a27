// Runs and their stored trace events. Status changes are conditional updates, so two processes
// (or two tabs) racing to cancel, finish or retry the same run get one consistent outcome.
import "server-only";
import type { Database, Db } from "./client";
import { type Prisma, type RunStatus } from "@/generated/prisma/client";
import { ACTIVE_RUN_STATUSES, FINAL_RUN_STATUSES } from "@/lib/runs/status";
import { visibleTo, type Reader } from "./conversations";

export const ACTIVE_STATUSES: RunStatus[] = [...ACTIVE_RUN_STATUSES];
export const FINAL_STATUSES: RunStatus[] = [...FINAL_RUN_STATUSES];

export async function getRun(db: Db, input: { id: string; workspaceId?: string }) {
  return db.run.findFirst({
    where: { id: input.id, ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}) },
  });
}

/** A run of a conversation the reader can see (lib/db/conversations `visibleTo`), with its author. */
export async function getVisibleRun(db: Db, input: { id: string; workspaceId: string; reader: Reader }) {
  return db.run.findFirst({
    where: { id: input.id, workspaceId: input.workspaceId, conversation: visibleTo(input.reader) },
    include: { conversation: { select: { authorId: true } } },
  });
}

export async function getRunWithTurn(db: Db, input: { id: string }) {
  return db.run.findUnique({
    where: { id: input.id },
    include: { turn: { include: { images: { orderBy: { index: "asc" } } } } },
  });
}

/**
 * Move a run from one of `from` to `to`; returns false (and changes nothing) when another actor
 * already moved it. The one place run status changes.
 */
export async function transitionRun(
  db: Db,
  input: { id: string; from: RunStatus[]; to: RunStatus; data?: Prisma.RunUpdateManyMutationInput },
): Promise<boolean> {
  const now = new Date();
  const { count } = await db.run.updateMany({
    where: { id: input.id, status: { in: input.from } },
    data: {
      status: input.to,
      ...(input.to === "running" ? { startedAt: now, heartbeatAt: now } : {}),
      ...(FINAL_STATUSES.includes(input.to) ? { finishedAt: now } : {}),
      ...input.data,
    },
  });
  return count === 1;
}

// The first key of the conversations' advisory locks (the second is the conversation's hash).
const CONVERSATION_LOCK = 5_250_002;

/**
 * In a transaction: waits for any other transaction that is adding a run to this conversation,
 * then returns the turn of its queued or running run, if any. A conversation answers one question
 * at a time; without the lock, questions asked at once all passed the check and all ran.
 */
export async function lockConversationRuns(tx: Db, conversationId: string): Promise<{ activeTurnId?: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CONVERSATION_LOCK}::int4, hashtext(${conversationId}))`;
  const active = await tx.run.findFirst({
    where: { conversationId, status: { in: ACTIVE_STATUSES } },
    select: { turnId: true },
  });
  return { activeTurnId: active?.turnId };
}

/** Runs of earlier turns of a conversation that completed, oldest first (for follow-up context). */
export async function listCompletedRunsBefore(db: Db, input: { conversationId: string; turnIndex: number }) {
  return db.run.findMany({
    where: { conversationId: input.conversationId, status: "completed", turn: { index: { lt: input.turnIndex } } },
    orderBy: [{ turn: { index: "asc" } }, { createdAt: "desc" }],
    include: { turn: { select: { index: true } } },
  });
}

export interface StoredEventInput {
  seq: number;
  type: string;
  /** The event itself (plain JSON). */
  data: object;
}

export interface RunEventBatch {
  runId: string;
  events: StoredEventInput[];
  /** Blobs the events show, kept with the run. */
  blobKeys?: string[];
}

/**
 * Append events (and the blobs they show) and advance the run's `lastSeq`, in one statement.
 * Callers wrap it in a transaction when it must be atomic with something else.
 */
export async function appendRunEvents(db: Db, input: RunEventBatch): Promise<void> {
  await appendEventsOfRuns(db, [input]);
}

/**
 * The same for batches of several runs in one statement whatever their number (so it is atomic
 * without a transaction), with array parameters so its text never changes: a group commit of many
 * streaming runs costs the database one small statement.
 */
export async function appendEventsOfRuns(db: Db, batches: readonly RunEventBatch[]): Promise<void> {
  const statement = appendStatement(batches);
  if (statement) await db.$executeRawUnsafe(statement.sql, ...statement.params);
}

/**
 * The same past Prisma (see Database.query): the group commit of streaming runs sends this several
 * times a second, and Prisma's query compiler and request pipeline cost the app's main thread
 * more than the statement costs the database.
 */
export async function appendEventsOfRunsDirectly(
  database: Pick<Database, "query">,
  batches: readonly RunEventBatch[],
): Promise<void> {
  const statement = appendStatement(batches);
  if (statement) await database.query(statement.sql, statement.params);
}

const APPEND_EVENTS_OF_RUNS = `
  WITH "events" AS (
    INSERT INTO "TraceEvent" ("runId", "seq", "type", "data")
    SELECT "runId", "seq", "type", "data"::jsonb
    FROM UNNEST($1::text[], $2::int[], $3::text[], $4::text[]) AS e("runId", "seq", "type", "data")
  ), "blobs" AS (
    INSERT INTO "RunBlob" ("runId", "blobKey")
    SELECT * FROM UNNEST($5::text[], $6::text[])
    ON CONFLICT DO NOTHING
  )
  UPDATE "Run" SET "lastSeq" = v."seq", "heartbeatAt" = $7::timestamp(3)
  FROM UNNEST($8::text[], $9::int[]) AS v("id", "seq")
  WHERE "Run"."id" = v."id"`;

function appendStatement(batches: readonly RunEventBatch[]): { sql: string; params: unknown[] } | undefined {
  const runIds: string[] = [];
  const seqs: number[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const lastSeq = new Map<string, number>();
  for (const batch of batches)
    for (const event of batch.events) {
      runIds.push(batch.runId);
      seqs.push(event.seq);
      types.push(event.type);
      data.push(JSON.stringify(event.data));
      lastSeq.set(batch.runId, Math.max(event.seq, lastSeq.get(batch.runId) ?? 0));
    }
  if (runIds.length === 0) return undefined;
  // One row per (run, blob): a run can have two batches in one commit.
  const byPair = new Map<string, { runId: string; key: string }>();
  for (const batch of batches)
    for (const key of batch.blobKeys ?? []) byPair.set(`${batch.runId}\n${key}`, { runId: batch.runId, key });
  const blobs = [...byPair.values()];
  // Timestamps are stored as UTC without a zone (Prisma's DateTime); the zone in the literal is ignored.
  const now = new Date().toISOString();
  return {
    sql: APPEND_EVENTS_OF_RUNS,
    params: [
      runIds,
      seqs,
      types,
      data,
      blobs.map((b) => b.runId),
      blobs.map((b) => b.key),
      now,
      [...lastSeq.keys()],
      [...lastSeq.values()],
    ],
  };
}

export async function listRunEvents(db: Db, input: { runId: string; afterSeq?: number }) {
  return db.traceEvent.findMany({
    where: { runId: input.runId, ...(input.afterSeq !== undefined ? { seq: { gt: input.afterSeq } } : {}) },
    orderBy: { seq: "asc" },
    select: { seq: true, type: true, data: true },
  });
}

/** Events of several runs in one query, grouped by run (for a whole conversation). */
export async function listEventsOfRuns(db: Db, input: { runIds: string[] }) {
  const rows = await db.traceEvent.findMany({
    where: { runId: { in: input.runIds } },
    orderBy: [{ runId: "asc" }, { seq: "asc" }],
    select: { runId: true, seq: true, type: true, data: true },
  });
  const byRun = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byRun.get(row.runId) ?? [];
    list.push(row);
    byRun.set(row.runId, list);
  }
  return byRun;
}

/** Runs left queued or running by a process that is gone; their ids, for recovery. */
export async function listOrphanedRuns(db: Db, input: { aliveInstanceIds: string[]; staleBefore: Date }) {
  return db.run.findMany({
    where: {
      status: { in: ACTIVE_STATUSES },
      OR: [
        { instanceId: null, createdAt: { lt: input.staleBefore } },
        {
          instanceId: { notIn: input.aliveInstanceIds },
          OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: input.staleBefore } }],
        },
      ],
    },
    select: { id: true, status: true, instanceId: true },
  });
}

export async function countActiveRuns(db: Db, input: { workspaceId?: string }) {
  return db.run.count({
    where: { status: "running", ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}) },
  });
}

/** Queued runs of a workspace in start order (the queue position is the index + 1). */
export async function listQueuedRuns(db: Db, input: { workspaceId?: string }) {
  return db.run.findMany({
    where: { status: "queued", ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}) },
    orderBy: { createdAt: "asc" },
    select: { id: true, workspaceId: true, createdAt: true },
  });
}
