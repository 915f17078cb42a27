import { describe, expect, it } from "vitest";
import {
  ACTIVE_RUN_STATUSES,
  FINAL_RUN_STATUSES,
  isActiveRun,
  isFinalRun,
  RUN_ACTIONS,
  RUN_STATUSES,
  runActions,
  runAllows,
  runSummarySchema,
  type RunAction,
  type RunStatus,
} from "./status";

// Every status × action: what the UI offers and what the server accepts.
const EXPECTED: Record<RunStatus, Record<RunAction, boolean>> = {
  queued: { cancel: true, retry: false, continue: false },
  running: { cancel: true, retry: false, continue: false },
  completed: { cancel: false, retry: true, continue: false },
  failed: { cancel: false, retry: true, continue: true },
  cancelled: { cancel: false, retry: true, continue: true },
  interrupted: { cancel: false, retry: true, continue: true },
};

describe("run statuses", () => {
  it("are each either active or final, never both", () => {
    expect([...ACTIVE_RUN_STATUSES, ...FINAL_RUN_STATUSES].sort()).toEqual([...RUN_STATUSES].sort());
    for (const status of RUN_STATUSES) expect(isActiveRun(status)).toBe(!isFinalRun(status));
    expect(RUN_STATUSES.filter((s) => isActiveRun(s))).toEqual(["queued", "running"]);
  });

  it("know nothing of what is not a status", () => {
    for (const status of [null, undefined, "", "QUEUED", "done"]) {
      expect([isActiveRun(status), isFinalRun(status)]).toEqual([false, false]);
    }
  });

  it.each(RUN_STATUSES.flatMap((status) => RUN_ACTIONS.map((action) => [status, action] as const)))(
    "%s allows %s as the table says",
    (status, action) => {
      expect(runAllows(status, action)).toBe(EXPECTED[status][action]);
      expect(runActions(status).includes(action)).toBe(EXPECTED[status][action]);
    },
  );

  it("let an active run only be stopped, and a final one never", () => {
    for (const status of RUN_STATUSES) {
      expect(runAllows(status, "cancel")).toBe(isActiveRun(status));
      if (isActiveRun(status)) expect(runActions(status)).toEqual(["cancel"]);
    }
  });
});

describe("runSummarySchema", () => {
  const summary = {
    id: "r1",
    conversationId: "c1",
    turnId: "t1",
    status: "failed",
    error: { code: "unavailable:model", message: "The model server is not answering." },
    mode: "retry",
    parentRunId: "r0",
    model: "deepeyes",
    createdAt: "2025-01-01T00:00:00.000Z",
    startedAt: "2025-01-01T00:00:01.000Z",
    finishedAt: "2025-01-01T00:00:02.000Z",
  };

  it("takes a run's summary, with or without its optional parts", () => {
    expect(runSummarySchema.parse(summary)).toEqual(summary);
    const queued = { id: "r2", conversationId: "c1", turnId: "t2", status: "queued", queuePosition: 1, mode: "new" };
    expect(runSummarySchema.parse({ ...queued, createdAt: summary.createdAt })).toMatchObject(queued);
  });

  it("refuses a status that is not one", () => {
    expect(runSummarySchema.safeParse({ ...summary, status: "done" }).success).toBe(false);
    expect(runSummarySchema.safeParse({ ...summary, error: { code: "x" } }).success).toBe(false);
  });
});
