// Starts queued runs when there is room: at most `maxRunning` in this process (protecting the
// machine) and `maxRunningPerWorkspace` per workspace across all instances. Claiming is a
// conditional update under a transaction-scoped advisory lock, so instances never double-start.
import "server-only";
import { transitionRun } from "@/lib/db/runs";
import { log } from "@/lib/server/log";
import { cancelLocally, executeRun } from "./runner";
import { sweepStaleRuns } from "./recovery";
import type { Runtime } from "./runtime";

const SCHEDULER_LOCK = 5_250_001;

export interface Scheduler {
  /** Look for startable runs soon (coalesces bursts of calls). */
  wake(): void;
  /** Resolves when every run started by this scheduler has finished (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

export function startScheduler(runtime: Runtime, options: { pollMs?: number; sweepMs?: number } = {}): Scheduler {
  const db = runtime.database.prisma;
  const running = new Set<Promise<void>>();
  let scheduled = false;
  let ticking: Promise<void> | undefined;
  let stopped = false;

  async function claimNext(): Promise<string | null> {
    // `running` also counts runs claimed here that have not registered as active yet: counting
    // only `active`, a burst of queued runs started past the cap.
    if (Math.max(runtime.active.size, running.size) >= runtime.settings.maxRunning) return null;
    return db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SCHEDULER_LOCK})`;
      const queued = await tx.run.findMany({
        where: { status: "queued" },
        orderBy: { createdAt: "asc" },
        select: { id: true, workspaceId: true },
        take: 200,
      });
      const full = new Set<string>();
      for (const candidate of queued) {
        if (full.has(candidate.workspaceId)) continue;
        const busy = await tx.run.count({ where: { status: "running", workspaceId: candidate.workspaceId } });
        if (busy >= runtime.settings.maxRunningPerWorkspace) {
          full.add(candidate.workspaceId);
          continue;
        }
        const claimed = await transitionRun(tx, {
          id: candidate.id,
          from: ["queued"],
          to: "running",
          data: { instanceId: runtime.instanceId },
        });
        if (claimed) return candidate.id;
      }
      return null;
    });
  }

  async function tick(): Promise<void> {
    for (;;) {
      if (stopped) return;
      const runId = await claimNext();
      if (!runId) return;
      await runtime.bus.publish({ kind: "status", runId, status: "running" }).catch(() => {});
      const execution = executeRun(runtime, runId)
        .catch((error: unknown) => log.error(`run ${runId} crashed`, error))
        .finally(() => {
          running.delete(execution);
          wake();
        });
      running.add(execution);
    }
  }

  function wake(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const previous = ticking ?? Promise.resolve();
      ticking = previous
        .then(tick)
        // After stop() (shutdown) a claim may still meet the database closing: not worth a warning.
        .catch((error: unknown) => {
          if (!stopped) log.warn("the scheduler could not start queued runs", error);
        })
        .finally(() => {
          ticking = undefined;
        });
    });
  }

  const unsubscribe = runtime.bus.subscribe("*", (message) => {
    if (message.kind === "wake") wake();
    if (message.kind === "cancel") cancelLocally(runtime, message.runId);
  });
  const poll = setInterval(wake, options.pollMs ?? 2_000).unref();
  const sweep = setInterval(
    () => {
      void sweepStaleRuns(runtime).catch((error: unknown) => log.warn("the stale-run sweep failed", error));
    },
    options.sweepMs ?? Math.max(1_000, runtime.settings.staleMs / 2),
  ).unref();
  wake();

  return {
    wake,
    async idle() {
      while (running.size > 0 || ticking) await Promise.all([...running, ticking]);
    },
    stop() {
      stopped = true;
      unsubscribe();
      clearInterval(poll);
      clearInterval(sweep);
    },
  };
}
