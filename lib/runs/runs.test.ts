// The run layer end to end on each database: the real agent loop against the mock vLLM server,
// with the sandbox and search faked at their ports (they have their own tests).
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { testActor } from "@/lib/auth/test-actor";
import { createConversation } from "@/lib/db/conversations";
import { DATABASE_KINDS, type TestDatabase } from "@/lib/db/testing";
import { ensureWorkspace } from "@/lib/db/workspaces";
import { reduceTrace, type TraceEvent } from "@/lib/trace";
import type { MockVllm } from "@/e2e/mocks/vllm/server";
import { fixturePath, type FixtureImage } from "@/e2e/fixtures";
import { sweepStaleRuns } from "./recovery";
import { cancelLocally } from "./runner";
import type { Runtime } from "./runtime";
import { startScheduler, type Scheduler } from "./scheduler";
import { cancelRun, getRunSummary, rerun, startTurn, streamRunEvents } from "./service";
import { openRunsHarness, type RunsHarness } from "./testing";

const fixture = (name: FixtureImage) => fs.readFile(fixturePath(name));

describe.each(DATABASE_KINDS)("runs on %s", (kind) => {
  let harness: RunsHarness;
  let db: TestDatabase;
  let vllm: MockVllm;
  let runtime: Runtime;
  let scheduler: Scheduler;
  let workspaceId: string;
  let actor: Actor;
  let image: Uint8Array;

  beforeAll(async () => {
    harness = await openRunsHarness(kind, {
      settings: { maxRunningPerWorkspace: 1, flushMs: 50, staleMs: 60_000 },
      sandboxResults: [{ stdout: "(320, 240)\n" }],
    });
    ({ db, vllm, runtime } = harness);
    scheduler = startScheduler(runtime, { pollMs: 200, sweepMs: 60_000 });
    workspaceId = (await ensureWorkspace(db.prisma, { slug: "w", name: "W" })).id;
    actor = await testActor(db.prisma, { workspaceId });
    image = new Uint8Array(await fixture("coffee.png"));
  });

  afterAll(async () => {
    scheduler?.stop();
    await harness?.close();
  });

  async function ask(question: string, conversationId?: string) {
    const id = conversationId ?? (await createConversation(db.prisma, { workspaceId, authorId: actor.userId })).id;
    const started = await startTurn(runtime, {
      actor,
      conversationId: id,
      question,
      images: conversationId ? [] : [{ data: image }],
    });
    return { conversationId: id, ...started };
  }

  async function untilFinal(runId: string) {
    for (let i = 0; i < 300; i++) {
      const run = await getRunSummary(runtime, { actor, runId });
      if (!["queued", "running"].includes(run.status)) return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("the run did not finish");
  }

  async function events(runId: string, afterSeq = 0): Promise<TraceEvent[]> {
    const out: TraceEvent[] = [];
    for await (const batch of await streamRunEvents(runtime, { actor, runId, afterSeq })) out.push(...batch);
    return out;
  }

  it("answers a question through the real loop and stores a trace that replays to the same state", async () => {
    const { runId } = await ask("What is in the picture? [[script:crop-and-answer]]");
    const live: TraceEvent[] = [];
    for await (const batch of await streamRunEvents(runtime, { actor, runId, afterSeq: 0 })) live.push(...batch);
    const run = await untilFinal(runId);
    expect(run.error).toBeUndefined();
    expect(run).toMatchObject({ status: "completed", answer: "STOP", model: "DeepEyesV2_7B_1031" });
    const replayed = await events(runId);
    expect(reduceTrace(replayed)).toEqual(reduceTrace(live));
    const trace = reduceTrace(replayed);
    expect(trace.turns[0]?.answer).toBe("STOP");
    expect(trace.turns[0]?.steps.map((s) => s.kind)).toContain("code");
    // Deltas were stored merged: far fewer rows than events seen live.
    const rows = await db.prisma.traceEvent.count({ where: { runId } });
    expect(rows).toBeLessThan(live.length);
  });

  it("sends a follow-up question with the earlier turn as context", async () => {
    const first = await ask("Name it. [[script:answer]]");
    await untilFinal(first.runId);
    const before = vllm.requests.length;
    const second = await ask("And its colour? [[script:answer]]", first.conversationId);
    expect(await untilFinal(second.runId)).toMatchObject({ status: "completed" });
    const body = vllm.requests.slice(before).find((r) => r.path.endsWith("/chat/completions"))!.body!;
    const messages = body.messages as { role: string; content: unknown }[];
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(JSON.stringify(messages[1]!.content)).toContain("Name it.");
    expect(messages[2]!.content).toContain("<answer>A red bicycle</answer>");
  });

  it("refuses a second question while the first is still being answered", async () => {
    const { runId, conversationId } = await ask("Hold on [[script:hang]]");
    await expect(startTurn(runtime, { actor, conversationId, question: "again", images: [] })).rejects.toThrow(
      /still answering/,
    );
    await cancelRun(runtime, { actor, runId });
  });

  it("cancels a running run, keeping its partial trace", async () => {
    const { runId } = await ask("Think forever [[script:hang]]");
    // Running, and the loop has begun its trace (turn_started is stored at once).
    for (let i = 0; i < 100 && (await db.prisma.traceEvent.count({ where: { runId } })) === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const summary = await cancelRun(runtime, { actor, runId });
    expect(summary.status).toBe("cancelled");
    const trace = reduceTrace(await events(runId));
    expect(trace.turns[0]?.status).toBe("cancelled");
    expect(trace.turns[0]?.question).toContain("Think forever");
  });

  it("answers one of several questions asked at once in a conversation, and refuses the others", async () => {
    const conversationId = (await createConversation(db.prisma, { workspaceId, authorId: actor.userId })).id;
    const asked = await Promise.allSettled(
      [1, 2, 3].map((i) =>
        startTurn(runtime, {
          actor,
          conversationId,
          question: `Race ${i} [[script:hang]]`,
          images: [{ data: image }],
        }),
      ),
    );
    const ok = asked.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of asked.filter((r) => r.status === "rejected"))
      expect(r).toMatchObject({ reason: { code: "conflict:turn" } });
    expect(await db.prisma.turn.count({ where: { conversationId } })).toBe(1);
    await cancelRun(runtime, { actor, runId: (ok[0] as PromiseFulfilledResult<{ runId: string }>).value.runId });
  });

  it("refuses to retry an earlier turn while a later one is answering", async () => {
    const first = await ask("First [[script:answer]]");
    await untilFinal(first.runId);
    const second = await ask("Hold [[script:hang]]", first.conversationId);
    await expect(rerun(runtime, { actor, runId: first.runId, mode: "retry" })).rejects.toMatchObject({
      code: "conflict:run",
      message: expect.stringMatching(/still answering a question/),
    });
    await cancelRun(runtime, { actor, runId: second.runId });
    await untilFinal(second.runId);
    // Once it is over, the earlier turn can be retried.
    const again = await rerun(runtime, { actor, runId: first.runId, mode: "retry" });
    expect(await untilFinal(again.runId)).toMatchObject({ status: "completed" });
  });

  it("names the file that is not an image", async () => {
    const conversationId = (await createConversation(db.prisma, { workspaceId, authorId: actor.userId })).id;
    const notes = { data: new TextEncoder().encode("hello"), name: "notes.txt" };
    await expect(
      startTurn(runtime, { actor, conversationId, question: "What is it?", images: [notes] }),
    ).rejects.toMatchObject({
      code: "unprocessable:image",
      message: expect.stringMatching(/^notes\.txt: The file is not an image/),
    });
  });

  it("says why a run that completed without an answer has none", async () => {
    const { runId } = await ask("Go on [[script:truncated]]");
    const run = await untilFinal(runId);
    expect(run).toMatchObject({ status: "completed", error: { code: "run:truncated" } });
    expect(run.answer).toBeUndefined();
    expect(run.error?.message).toMatch(/length limit/);
  });

  it("does not lose a cancel that arrives before the run has started executing here", async () => {
    const { runId } = await ask("Think forever [[script:hang]]");
    // The scheduler has not claimed it yet: the cancel is kept until the run starts here.
    cancelLocally(runtime, runId);
    expect(await untilFinal(runId)).toMatchObject({ status: "cancelled" });
    expect(runtime.pendingCancels.has(runId)).toBe(false);
  });

  it("fails cleanly when the model stream dies mid-answer, and retry makes one new run", async () => {
    const { runId } = await ask("Go [[script:drop]]");
    const failed = await untilFinal(runId);
    expect(failed.status).toBe("failed");
    expect(failed.error?.message).toBeTruthy();
    const trace = reduceTrace(await events(runId));
    expect(trace.turns[0]?.steps.some((s) => s.kind === "thought" && s.text.includes("Halfway"))).toBe(true);
    // Two tabs retry at once: exactly one new run.
    const results = await Promise.allSettled([
      rerun(runtime, { actor, runId, mode: "retry" }),
      rerun(runtime, { actor, runId, mode: "retry" }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict:run" } });
    const retried = (ok[0] as PromiseFulfilledResult<{ runId: string }>).value.runId;
    expect(await untilFinal(retried)).toMatchObject({ status: "failed", mode: "retry", parentRunId: runId });
  });

  it("marks a run whose process died as interrupted, and continues it from its last completed step", async () => {
    const { runId } = await ask("Measure [[script:crop-and-answer]]");
    await untilFinal(runId);
    // Rewind it into the state a killed process leaves: running, stale heartbeat, no final events.
    const rows = await db.prisma.traceEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    const keep = rows.findIndex((r) => r.type === "observation");
    await db.prisma.traceEvent.deleteMany({ where: { runId, seq: { gt: rows[keep]!.seq } } });
    await db.prisma.run.update({
      where: { id: runId },
      data: {
        status: "running",
        instanceId: "dead",
        heartbeatAt: new Date(Date.now() - 3_600_000),
        lastSeq: rows[keep]!.seq,
        answer: null,
      },
    });
    expect(await sweepStaleRuns(runtime)).toEqual([runId]);
    const interrupted = await getRunSummary(runtime, { actor, runId });
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.error?.message).toMatch(/interrupted/);
    const { runId: continued } = await rerun(runtime, { actor, runId, mode: "continue" });
    const done = await untilFinal(continued);
    expect(done).toMatchObject({ status: "completed", answer: "STOP", mode: "continue" });
    // The continuation carries the earlier steps and made only the one remaining model call.
    const trace = reduceTrace(await events(continued));
    expect(trace.turns.flatMap((t) => t.steps).some((s) => s.kind === "code")).toBe(true);
  });

  it("queues past the per-workspace cap and reports the queue position", async () => {
    const a = await ask("Hold [[script:hang]]");
    for (let i = 0; i < 100 && (await getRunSummary(runtime, { actor, runId: a.runId })).status !== "running"; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const b = await ask("Next [[script:answer]]");
    await new Promise((r) => setTimeout(r, 300));
    expect(await getRunSummary(runtime, { actor, runId: b.runId })).toMatchObject({
      status: "queued",
      queuePosition: 1,
    });
    await cancelRun(runtime, { actor, runId: a.runId });
    expect(await untilFinal(b.runId)).toMatchObject({ status: "completed" });
  });
});
