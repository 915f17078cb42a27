import { describe, expect, it } from "vitest";
import type { TraceEvent } from "@/lib/trace";
import { createMemoryBus } from "./bus";
import { coalesce, type StoredEvent } from "./coalesce";
import { watchRun } from "./watch";

const at = "2026-01-01T00:00:00.000Z";
const delta = (seq: number, text: string): TraceEvent => ({ seq, at, type: "thought_delta", call: 1, text });
const finished = (seq: number): TraceEvent => ({ seq, at, type: "turn_finished", status: "completed", calls: 1 });

function fakeRun() {
  const bus = createMemoryBus();
  let stored: StoredEvent[] = [];
  let final = false;
  return {
    bus,
    store(events: TraceEvent[]) {
      stored = [...stored, ...coalesce(events)];
    },
    end() {
      final = true;
      void bus.publish({ kind: "status", runId: "r", status: "completed" });
    },
    source: {
      bus,
      loadAfter: (after: number) => Promise.resolve(stored.filter((e) => e.seq > after)),
      loadState: () => Promise.resolve({ final, lastSeq: stored.at(-1)?.seq ?? 0 }),
    },
  };
}

/** What a viewer ends up with: the text, and the seq of each event it got (strictly increasing). */
async function collect(gen: AsyncGenerator<TraceEvent>): Promise<{ text: string; seqs: number[] }> {
  let text = "";
  const seqs: number[] = [];
  for await (const e of gen) {
    if ("text" in e) text += e.text;
    seqs.push(e.seq);
  }
  return { text, seqs };
}

describe("watchRun", () => {
  it("replays stored events, then tails live ones, then ends with the run", async () => {
    const run = fakeRun();
    run.store([delta(1, "a"), delta(2, "b")]);
    const seen = collect(watchRun(run.source, { runId: "r", afterSeq: 0, pollMs: 50 }));
    await new Promise((r) => setTimeout(r, 10));
    for (const e of [delta(3, "c"), finished(4)])
      await run.bus.publish({ kind: "event", runId: "r", seq: e.seq, event: e });
    run.store([delta(3, "c"), finished(4)]);
    run.end();
    // Stored deltas 1–2 arrive merged as one event (seq 2); nothing is lost or repeated.
    expect(await seen).toEqual({ text: "abc", seqs: [2, 3, 4] });
  });

  it("fills a gap from storage when a live message is missing or only a reference", async () => {
    const run = fakeRun();
    const seen = collect(watchRun(run.source, { runId: "r", afterSeq: 0, pollMs: 50 }));
    await new Promise((r) => setTimeout(r, 10));
    // seq 1 was never notified; seq 2 came as a reference without its body.
    run.store([delta(1, "a"), delta(2, "b")]);
    await run.bus.publish({ kind: "event", runId: "r", seq: 2 });
    await run.bus.publish({ kind: "event", runId: "r", seq: 3, event: finished(3) });
    run.store([finished(3)]);
    run.end();
    expect(await seen).toEqual({ text: "ab", seqs: [2, 3] });
  });

  it("resumes after Last-Event-ID without repeating anything", async () => {
    const run = fakeRun();
    run.store([delta(1, "a"), delta(2, "b"), delta(3, "c"), finished(4)]);
    run.end();
    expect(await collect(watchRun(run.source, { runId: "r", afterSeq: 2, pollMs: 50 }))).toEqual({
      text: "c",
      seqs: [3, 4],
    });
  });

  it("stops when the viewer goes away", async () => {
    const run = fakeRun();
    const controller = new AbortController();
    const seen = collect(watchRun(run.source, { runId: "r", afterSeq: 0, pollMs: 10_000, signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await seen).toEqual({ text: "", seqs: [] });
  });
});
