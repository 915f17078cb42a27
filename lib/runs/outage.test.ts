// A database outage in the middle of a run: the run's writes start failing while a code cell
// runs. Once the database answers again the run must be over, and its stored trace closed with
// the reason, not left with a step running for ever.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRunEvents } from "@/lib/db/runs";
import { DATABASE_KINDS } from "@/lib/db/testing";
import { ensureWorkspace } from "@/lib/db/workspaces";
import { reduceTrace } from "@/lib/trace";
import type { GroupCommit } from "./group-commit";
import { replayAfter, type StoredEvent } from "./coalesce";
import { executeRun } from "./runner";
import { openRunsHarness, type RunsHarness } from "./testing";

describe.each(DATABASE_KINDS)("a database outage mid-run on %s", (kind) => {
  let harness: RunsHarness;

  beforeAll(async () => {
    harness = await openRunsHarness(kind, {
      settings: { flushMs: 50, staleMs: 60_000 },
      sandboxResults: [{ stdout: "(320, 240)\n" }],
    });
  });
  afterAll(() => harness?.close());

  /** The run's writes fail from the cell's result on, as when the connection is cut during the cell. */
  function cutWritesAtTheCellResult(): void {
    const writer = harness.runtime.writer;
    let down = false;
    const failing: GroupCommit = {
      persist(input) {
        down ||= input.events.some((e) => e.type === "observation");
        return down ? Promise.reject(new Error("Connection terminated unexpectedly")) : writer.persist(input);
      },
    };
    (harness.runtime as { writer: GroupCommit }).writer = failing;
  }

  async function claimedRun(question: string) {
    const { db, runtime } = harness;
    const workspace = await ensureWorkspace(db.prisma, { slug: "outage", name: "Outage" });
    const conversation = await db.prisma.conversation.create({ data: { workspaceId: workspace.id } });
    const turn = await db.prisma.turn.create({ data: { conversationId: conversation.id, index: 0, question } });
    return db.prisma.run.create({
      data: {
        turnId: turn.id,
        conversationId: conversation.id,
        workspaceId: workspace.id,
        status: "running",
        profile: "deepeyes-v2",
        instanceId: runtime.instanceId,
        startedAt: new Date(),
        heartbeatAt: new Date(),
      },
    });
  }

  it("runs a run it claimed just before the database went away, once it is back (it stayed running for ever)", async () => {
    const { db, runtime } = harness;
    const run = await claimedRun("What is it? [[script:answer]]");
    const real = runtime.database.prisma;
    let failures = 2;
    const closed = () => Object.assign(new Error("Connection terminated unexpectedly"), { clientVersion: "6.19.3" });
    // The run's first read meets the outage twice, then the database answers again.
    const flaky = new Proxy(real, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (prop !== "run") return typeof value === "function" ? (value as () => unknown).bind(target) : value;
        return new Proxy(value as object, {
          get(model, method) {
            const fn: unknown = Reflect.get(model, method);
            if (method === "findUnique" && failures > 0) return () => (failures--, Promise.reject(closed()));
            return typeof fn === "function" ? (fn as () => unknown).bind(model) : fn;
          },
        });
      },
    });
    (runtime.database as { prisma: typeof real }).prisma = flaky;
    try {
      await executeRun(runtime, run.id);
    } finally {
      (runtime.database as { prisma: typeof real }).prisma = real;
    }
    expect(failures).toBe(0);
    const stored = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ status: "completed", answer: "A red bicycle" });
  });

  it("ends the run failed, with its code step closed and the reason stored after the last saved step", async () => {
    const { db, runtime } = harness;
    const run = await claimedRun("How big is it? [[script:crop-and-answer]]");
    cutWritesAtTheCellResult();

    await executeRun(runtime, run.id);

    const stored = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.status).toBe("failed");
    expect(stored.errorCode).toBe("unavailable:database");
    const events = replayAfter(
      (await listRunEvents(db.prisma, { runId: run.id })).map((r) => r.data as StoredEvent),
      0,
    );
    expect(events.map((e) => e.type)).toContain("tool_started");
    expect(events.map((e) => e.type)).not.toContain("observation");
    expect(events.at(-1)).toMatchObject({ type: "turn_finished", status: "failed" });
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    const steps = reduceTrace(events).turns[0]!.steps;
    const code = steps.filter((s) => s.kind === "code");
    expect(code).toHaveLength(1);
    expect(code[0]!.status).toBe("skipped");
    expect(steps.filter((s) => "status" in s && s.status === "running")).toEqual([]);
    expect(steps.at(-1)).toMatchObject({ kind: "error", message: expect.stringMatching(/database/i) as unknown });
  });
});
