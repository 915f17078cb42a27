// The scheduler against a real database: queued runs start oldest first, as many at once as the
// global and per-workspace caps leave room for, and the next one starts when a running one ends.
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSandbox, FakeSearch } from "@/lib/agent/testing/fakes";
import { testActor } from "@/lib/auth/test-actor";
import { createConversation } from "@/lib/db/conversations";
import { DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { ensureWorkspace } from "@/lib/db/workspaces";
import { parseEnv } from "@/lib/env";
import { fixturePath } from "@/e2e/fixtures";
import { createRuntime, type Runtime } from "./runtime";
import { startScheduler, type Scheduler } from "./scheduler";
import { cancelRun, startTurn } from "./service";
import { openRunsHarness, type RunsHarness } from "./testing";

describe.each(DATABASE_KINDS)("the scheduler on %s", (kind) => {
  let harness: RunsHarness;
  let db: TestDatabase;
  let runtime: Runtime;
  let scheduler: Scheduler | undefined;
  let image: Uint8Array;

  beforeAll(async () => {
    harness = await openRunsHarness(kind, {
      settings: { maxRunning: 3, maxRunningPerWorkspace: 2, flushMs: 50, staleMs: 60_000 },
    });
    ({ db, runtime } = harness);
    image = new Uint8Array(await fs.readFile(fixturePath("page.png")));
  });

  afterAll(async () => {
    scheduler?.stop();
    await harness?.close();
  });

  async function hangingRun(workspaceId: string) {
    const actor = await testActor(db.prisma, { workspaceId });
    const { id } = await createConversation(db.prisma, { workspaceId, authorId: actor.userId });
    const { runId } = await startTurn(runtime, {
      actor,
      conversationId: id,
      question: "[[script:hang]]",
      images: [{ data: image }],
    });
    return { runId, workspaceId, actor };
  }

  async function runningPerWorkspace(): Promise<Map<string, string[]>> {
    const rows = await db.prisma.run.findMany({ where: { status: "running" }, orderBy: { createdAt: "asc" } });
    const out = new Map<string, string[]>();
    for (const row of rows) out.set(row.workspaceId, [...(out.get(row.workspaceId) ?? []), row.id]);
    return out;
  }

  async function until(check: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  it("starts queued runs oldest first up to both caps, and the next one when a run ends", async () => {
    const one = (await ensureWorkspace(db.prisma, { slug: "one", name: "One" })).id;
    const two = (await ensureWorkspace(db.prisma, { slug: "two", name: "Two" })).id;
    // Queued before the scheduler starts, so it meets all six at once.
    const runs: Awaited<ReturnType<typeof hangingRun>>[] = [];
    for (const workspaceId of [one, one, one, one, two, two]) runs.push(await hangingRun(workspaceId));
    scheduler = startScheduler(runtime, { pollMs: 100, sweepMs: 60_000 });

    const total = (m: Map<string, string[]>) => [...m.values()].reduce((n, ids) => n + ids.length, 0);
    await until(async () => total(await runningPerWorkspace()) === 3, "three runs are running");
    // A few polls later nothing more has started: the global cap (3) and workspace one's cap (2) hold.
    await new Promise((r) => setTimeout(r, 400));
    let running = await runningPerWorkspace();
    expect(total(running)).toBe(3);
    expect(running.get(one)).toHaveLength(2);
    expect(running.get(two)).toHaveLength(1);
    // The oldest runs of workspace one went first.
    expect(running.get(one)).toEqual([runs[0]!.runId, runs[1]!.runId]);

    // One ends: the oldest queued run that fits starts (workspace one has room again).
    await cancelRun(runtime, runs[0]!);
    await until(async () => (await runningPerWorkspace()).get(one)?.includes(runs[2]!.runId) ?? false, "run 3 runs");
    running = await runningPerWorkspace();
    expect(total(running)).toBe(3);
    expect(running.get(one)).toEqual([runs[1]!.runId, runs[2]!.runId]);

    for (const run of runs) await cancelRun(runtime, run).catch(() => {});
    scheduler.stop();
    await scheduler.idle();
  });

  it("starts nothing on an instance with LOUPE_MAX_RUNNING=0, which only serves the app", async () => {
    const three = (await ensureWorkspace(db.prisma, { slug: "three", name: "Three" })).id;
    const viewerOnly = await createRuntime({
      database: db,
      blobs: runtime.blobs,
      env: parseEnv({
        MODEL_BASE_URL: harness.vllm.url,
        DATABASE_URL: db.target.url,
        LOUPE_DATA_DIR: db.target.dataDir,
      }),
      sandbox: new FakeSandbox([]),
      search: new FakeSearch({ text: false, image: false }),
      settings: { maxRunning: 0, flushMs: 50, staleMs: 60_000 },
    });
    const idle = startScheduler(viewerOnly, { pollMs: 100, sweepMs: 60_000 });
    try {
      const run = await hangingRun(three);
      await new Promise((r) => setTimeout(r, 500));
      expect((await db.prisma.run.findUniqueOrThrow({ where: { id: run.runId } })).status).toBe("queued");
      // An instance that runs questions starts it.
      scheduler = startScheduler(runtime, { pollMs: 100, sweepMs: 60_000 });
      await until(
        async () => (await db.prisma.run.findUniqueOrThrow({ where: { id: run.runId } })).status === "running",
        "the run starts",
      );
      await cancelRun(runtime, run);
    } finally {
      idle.stop();
      await viewerOnly.close();
    }
  });
});
