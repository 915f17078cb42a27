// Trace storage: write a 200-step trace through the run event log (coalesced, batched, in
// transactions) and read it back into the trace state, on PGlite and on PostgreSQL.
import type { BenchScenario } from "@/bench/types";
import { addTurnWithRun, createConversation } from "@/lib/db/conversations";
import { appendRunEvents, listRunEvents } from "@/lib/db/runs";
import { openTestDatabase, type DatabaseKind } from "@/lib/db/testing";
import { ensureWorkspace } from "@/lib/db/workspaces";
import type { StoredEvent } from "@/lib/runs/coalesce";
import { replayAfter } from "@/lib/runs/coalesce";
import { RunEventLog } from "@/lib/runs/event-log";
import { reduceTrace, type TraceEventBody } from "@/lib/trace";

const STEPS = 200;

/** 200 steps: alternating streamed thoughts (20 deltas each) and code cells with their results. */
function traceBodies(): TraceEventBody[] {
  const out: TraceEventBody[] = [
    {
      type: "turn_started",
      version: 1,
      profile: "deepeyes-v2",
      question: "What does the sign say?",
      images: [],
      messages: [],
    },
  ];
  for (let step = 0; step < STEPS; step++) {
    const call = step + 1;
    if (step % 2 === 0) {
      out.push({ type: "model_call_started", call, prefill: "<think>", maxTokens: 8192 });
      for (let d = 0; d < 20; d++)
        out.push({ type: "thought_delta", call, text: `token ${d} of a thought about the crop; ` });
    } else {
      out.push({
        type: "code_final",
        call,
        code: "crop = image_1.crop((0, 0, 200, 120))\nplt.imshow(crop)\nplt.show()",
      });
      out.push({
        type: "observation",
        call,
        observation: {
          tool: "python",
          result: {
            status: "ok",
            stdout: "(200, 120)\n".repeat(10),
            stderr: "",
            images: [],
            sent: 0,
            crops: [{ source: 1, box: [0, 0, 200, 120], ops: ["crop"] }],
            durationMs: 150,
          },
        },
        message: { role: "user", content: "Code execution result: …" },
      });
    }
  }
  out.push({ type: "turn_finished", status: "completed", calls: STEPS, answer: "STOP" });
  return out;
}

function scenario(kind: DatabaseKind): BenchScenario {
  return {
    name: `trace/write-read-200-steps-${kind}`,
    description: `Write a 200-step trace (${traceBodies().length} events) through the run event log into ${kind}, then read it back and reduce it. Samples are write+read; figures split them.`,
    async run({ iterations }) {
      const db = await openTestDatabase(kind);
      try {
        const workspace = await ensureWorkspace(db.prisma, { slug: "bench", name: "Bench" });
        const bodies = traceBodies();
        const samplesMs: number[] = [];
        const writes: number[] = [];
        const reads: number[] = [];
        let rows = 0;
        for (let i = 0; i < iterations; i++) {
          const conversation = await createConversation(db.prisma, { workspaceId: workspace.id });
          const { run } = await db.prisma.$transaction((tx) =>
            addTurnWithRun(tx, {
              conversationId: conversation.id,
              workspaceId: workspace.id,
              question: "q",
              images: [],
              profile: "deepeyes-v2",
            }),
          );
          const t0 = performance.now();
          const log = new RunEventLog(
            run.id,
            {
              persist: (events) =>
                db.prisma.$transaction((tx) =>
                  appendRunEvents(tx, {
                    runId: run.id,
                    events: events.map((e) => ({ seq: e.seq, type: e.type, data: e })),
                  }),
                ),
              publish: () => {},
            },
            { flushMs: 200 },
          );
          for (const body of bodies) log.append(body);
          await log.flush();
          const t1 = performance.now();
          const stored = await listRunEvents(db.prisma, { runId: run.id });
          const state = reduceTrace(
            replayAfter(
              stored.map((r) => r.data as StoredEvent),
              0,
            ),
          );
          const t2 = performance.now();
          if (state.turns[0]?.answer !== "STOP") throw new Error("the trace did not read back");
          rows = stored.length;
          writes.push(t1 - t0);
          reads.push(t2 - t1);
          samplesMs.push(t2 - t0);
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        return {
          samplesMs,
          metrics: {
            events: bodies.length,
            storedRows: rows,
            writeMedianMs: Math.round(median(writes) * 10) / 10,
            readMedianMs: Math.round(median(reads) * 10) / 10,
          },
        };
      } finally {
        await db.dispose();
      }
    },
  };
}

export const scenarios: BenchScenario[] = [scenario("pglite"), scenario("postgres")];
