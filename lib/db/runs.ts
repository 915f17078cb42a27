// Runs and their stored trace events. Status changes are conditional updates, so two processes
// (or two tabs) racing to cancel, finish or retry the same run get one consistent outcome.
import "server-only";
import type { Db } from "./client";
import { Prisma, type RunStatus } from "@/generated/prisma/client";

export const ACTIVE_STATUSES: RunStatus[] = ["queued", "running"];
export const FINAL_STATUSES: RunStatus[] = ["completed", "failed", "cancelled", "interrupted"];

export async function getRun(db: Db, input: { id: string; workspaceId?: string }) {
  return db.run.findFirst({
    where: { id: input.id, ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}) },
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
 * Append events (and the blobs they show) and advance the run's `lastSeq`. Callers wrap it in a
 * transaction when it must be atomic with something else; on its own each statement is safe to
 * repeat partially because rows are keyed by (run, seq).
 */
export async function appendRunEvents(db: Db, input: RunEventBatch): Promise<void> {
  await appendEventsOfRuns(db, [input]);
}

/**
 * The same for batches of several runs in three statements whatever their number, so a group
 * commit of many streaming runs costs the database a few statements, not a few per run.
 */
export async function appendEventsOfRuns(db: Db, batches: readonly RunEventBatch[]): Promise<void> {
  const rows = batches.flatMap((b) =>
    b.events.map((e) => ({
      runId: b.runId,
      seq: e.seq,
      type: e.type,
      // tsc needs this cast; typescript-eslint resolves Prisma's JSON type loosely and calls it needless.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      data: e.data as Prisma.InputJsonValue,
    })),
  );
  if (rows.length === 0) return;
  await db.traceEvent.createMany({ data: rows });
  const blobs = batches.flatMap((b) => (b.blobKeys ?? []).map((blobKey) => ({ runId: b.runId, blobKey })));
  if (blobs.length > 0) await db.runBlob.createMany({ data: blobs, skipDuplicates: true });
  const lastSeq = new Map<string, number>();
  for (const row of rows) lastSeq.set(row.runId, Math.max(row.seq, lastSeq.get(row.runId) ?? 0));
  const cases = [...lastSeq].map(([id, seq]) => Prisma.sql`WHEN ${id} THEN CAST(${seq} AS INTEGER)`);
  await db.$executeRaw`
    UPDATE "Run" SET "lastSeq" = CASE "id" ${Prisma.join(cases, " ")} END, "heartbeatAt" = ${new Date()}
    WHERE "id" IN (${Prisma.join([...lastSeq.keys()])})`;
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
