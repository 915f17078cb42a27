// Start-up and shutdown of one app process. Anything that must happen exactly once per process
// (migrations, recovering runs a dead process left behind, the run scheduler) hangs off here.
import "server-only";
import { closeDatabase, getDatabase } from "@/lib/db";
import { ConfigError, env } from "@/lib/env";
import { sweepStaleRuns } from "@/lib/runs/recovery";
import { closeRuntime, getRuntime } from "@/lib/runs/runtime";
import { startScheduler, type Scheduler } from "@/lib/runs/scheduler";
import { log } from "@/lib/server/log";

const globalForServer = globalThis as typeof globalThis & { __loupeStarted?: boolean; __loupeScheduler?: Scheduler };

export async function startServer(): Promise<void> {
  if (globalForServer.__loupeStarted) return;
  globalForServer.__loupeStarted = true;
  try {
    env();
    const database = await getDatabase();
    log.info(
      `Database ready (${database.kind === "pglite" ? "embedded, in " : "PostgreSQL at "}${database.location}).`,
    );
    const runtime = await getRuntime();
    const interrupted = await sweepStaleRuns(runtime, { atStart: true });
    if (interrupted.length > 0)
      log.warn(`${interrupted.length} run(s) left unfinished by an earlier process were marked interrupted.`);
    globalForServer.__loupeScheduler = startScheduler(runtime);
    if (runtime.settings.maxRunning === 0)
      log.info("This instance runs no questions (LOUPE_MAX_RUNNING=0): other instances on the database run them.");
    // Start the local sandbox now, so its pre-warmed kernels are ready for the first question.
    if (env().LOUPE_SANDBOX_ENABLED) runtime.sandbox();
  } catch (error) {
    const sentence = error instanceof Error ? error.message : String(error);
    console.error(`\nLoupe cannot start: ${sentence}\n`);
    if (!(error instanceof ConfigError)) log.debug("start-up failure", error);
    process.exit(1);
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void shutdown().finally(() => process.exit(0));
    });
  }
}

async function shutdown(): Promise<void> {
  globalForServer.__loupeScheduler?.stop();
  await closeRuntime().catch((error: unknown) => log.warn("stopping runs and the sandbox failed", error));
  await closeDatabase().catch((error: unknown) => log.warn("closing the database failed", error));
}
