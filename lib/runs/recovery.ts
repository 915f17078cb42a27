// Runs whose process died (killed, crashed, restarted) are found and marked interrupted, with a
// sentence in their trace, so nobody waits on them forever. On PGlite only one process can open
// the database, so at start every unfinished run of an earlier process is orphaned; on
// PostgreSQL a run is orphaned once its heartbeat is older than the stale limit.
import "server-only";
import { appendRunEvents, transitionRun } from "@/lib/db/runs";
import { TRACE_VERSION, type TraceEvent } from "@/lib/trace";
import type { Runtime } from "./runtime";

export const INTERRUPTED_MESSAGE =
  "The server stopped while this run was in progress, so it was interrupted. Retry the question, or continue from the last completed step.";

export async function sweepStaleRuns(runtime: Runtime, options: { atStart?: boolean } = {}): Promise<string[]> {
  const db = runtime.database.prisma;
  const embedded = runtime.database.kind === "pglite";
  const staleBefore = new Date(Date.now() - runtime.settings.staleMs);
  const candidates = await db.run.findMany({
    where: {
      status: "running",
      NOT: { instanceId: runtime.instanceId },
      ...(embedded && options.atStart ? {} : { OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: staleBefore } }] }),
    },
    select: { id: true },
  });
  const interrupted: string[] = [];
  for (const { id } of candidates) {
    const done = await db.$transaction(async (tx) => {
      const run = await tx.run.findUnique({
        where: { id },
        select: {
          lastSeq: true,
          profile: true,
          turn: { select: { question: true, images: { orderBy: { index: "asc" } } } },
        },
      });
      if (!run) return false;
      const moved = await transitionRun(tx, {
        id,
        from: ["running"],
        to: "interrupted",
        data: { errorCode: "interrupted:run", errorMessage: INTERRUPTED_MESSAGE },
      });
      if (!moved) return false;
      const at = new Date().toISOString();
      const events: TraceEvent[] = [];
      // Killed before its first event was stored: start the trace from the stored turn, so every
      // view can show what was asked and why it stopped.
      if (run.lastSeq === 0) {
        events.push({
          seq: 1,
          at,
          type: "turn_started",
          version: TRACE_VERSION,
          profile: run.profile,
          question: run.turn.question,
          images: run.turn.images.map((i) => ({
            key: i.blobKey,
            width: i.width,
            height: i.height,
            mediaType: "image/png" as const,
          })),
          messages: [],
        });
      }
      const next = run.lastSeq + events.length;
      events.push(
        { seq: next + 1, at, type: "error", code: "internal", message: INTERRUPTED_MESSAGE },
        { seq: next + 2, at, type: "turn_finished", status: "failed", calls: 0 },
      );
      await appendRunEvents(tx, {
        runId: id,
        events: events.map((e) => ({ seq: e.seq, type: e.type, data: e })),
      });
      return true;
    });
    if (done) {
      interrupted.push(id);
      await runtime.bus.publish({ kind: "status", runId: id, status: "interrupted" }).catch(() => {});
    }
  }
  return interrupted;
}
