// The run statuses and what each allows, shared by the server and the browser (no I/O, no
// server-only imports): which are still going (active) and which are final, the actions a person
// may take on a run in each (Stop, Retry, Continue), and the run summary GET /api/v1/runs/:runId
// answers (docs/api.md). zod/mini, so the browser's bundle carries only what it uses.
import * as z from "zod/mini";

export const RUN_STATUSES = ["queued", "running", "completed", "failed", "cancelled", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Still going: waiting for a slot, or running in some process. */
export const ACTIVE_RUN_STATUSES = ["queued", "running"] as const satisfies readonly RunStatus[];
/** How a run ended; a run in one of these never changes again. */
export const FINAL_RUN_STATUSES = [
  "completed",
  "failed",
  "cancelled",
  "interrupted",
] as const satisfies readonly RunStatus[];
export type ActiveRunStatus = (typeof ACTIVE_RUN_STATUSES)[number];
export type FinalRunStatus = (typeof FINAL_RUN_STATUSES)[number];

export function isActiveRun(status: string | null | undefined): status is ActiveRunStatus {
  return (ACTIVE_RUN_STATUSES as readonly string[]).includes(status ?? "");
}

export function isFinalRun(status: string | null | undefined): status is FinalRunStatus {
  return (FINAL_RUN_STATUSES as readonly string[]).includes(status ?? "");
}

export const RUN_ACTIONS = ["cancel", "retry", "continue"] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

/**
 * What each status allows: a run still going can be stopped (cancel); any ended run can be asked
 * again from the start (retry); one that did not complete can go on from its last step (continue).
 */
const ALLOWED: Record<RunStatus, readonly RunAction[]> = {
  queued: ["cancel"],
  running: ["cancel"],
  completed: ["retry"],
  failed: ["continue", "retry"],
  cancelled: ["continue", "retry"],
  interrupted: ["continue", "retry"],
};

/** The actions a run in this status allows, in the order the UI shows them. */
export function runActions(status: RunStatus): readonly RunAction[] {
  return ALLOWED[status];
}

export function runAllows(status: RunStatus, action: RunAction): boolean {
  return ALLOWED[status].includes(action);
}

const runError = z.object({ code: z.string(), message: z.string() });

/** A run as GET /api/v1/runs/:runId (and a cancel, and an event stream's `end`) answers it. */
export const runSummarySchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  turnId: z.string(),
  status: z.enum(RUN_STATUSES),
  answer: z.optional(z.string()),
  error: z.optional(runError),
  /** 1 for the next run to start; only while queued. */
  queuePosition: z.optional(z.number()),
  mode: z.string(),
  parentRunId: z.optional(z.string()),
  model: z.optional(z.string()),
  createdAt: z.string(),
  startedAt: z.optional(z.string()),
  finishedAt: z.optional(z.string()),
});
export type RunSummary = z.infer<typeof runSummarySchema>;
