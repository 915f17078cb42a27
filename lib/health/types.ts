// What /api/health and `loupe doctor` report for each dependency.
export type ComponentStatus = "ok" | "not_configured" | "down";

export interface ComponentHealth {
  status: ComponentStatus;
  /** A plain sentence: what works, or what does not and how to fix it. */
  reason: string;
  /** Time the check took, or null when nothing was contacted. */
  latencyMs: number | null;
  /** Warnings that do not make it down (e.g. a model server whose context is short). */
  warnings?: string[];
}

export const COMPONENTS = ["database", "sandbox", "model", "search"] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export interface HealthReport {
  /** ok: everything configured works; degraded: something optional is down; down: the database is. */
  status: "ok" | "degraded" | "down";
  checkedAt: string;
  components: Record<ComponentName, ComponentHealth>;
}

/** What anyone may see: each dependency's status, without sentences, addresses, versions or timings. */
export interface PublicHealthReport {
  status: HealthReport["status"];
  checkedAt: string;
  components: Record<ComponentName, { status: ComponentStatus }>;
}

/**
 * The report for a caller without a session or API key. The sentences name the database's DSN, the
 * model server's URL and what it serves, and upstream error messages: for signed-in eyes only.
 */
export function publicHealth(report: HealthReport): PublicHealthReport {
  const components = Object.fromEntries(
    COMPONENTS.map((name) => [name, { status: report.components[name].status }]),
  ) as PublicHealthReport["components"];
  return { status: report.status, checkedAt: report.checkedAt, components };
}

export function overallStatus(components: Record<ComponentName, ComponentHealth>): HealthReport["status"] {
  if (components.database.status !== "ok") return "down";
  return Object.values(components).some((c) => c.status === "down") ? "degraded" : "ok";
}

/** Run a check with a deadline; a throw or a timeout becomes a "down" with the error's sentence. */
export async function timedCheck(
  check: (signal: AbortSignal) => Promise<Omit<ComponentHealth, "latencyMs"> & { latencyMs?: number | null }>,
  timeoutMs: number,
): Promise<ComponentHealth> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Settle the race first, so the timeout (not the aborted check) is what gets reported.
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([check(controller.signal), deadline]);
    return {
      ...result,
      latencyMs: result.latencyMs === undefined ? Math.round(performance.now() - started) : result.latencyMs,
    };
  } catch (error) {
    return { status: "down", reason: (error as Error).message, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
