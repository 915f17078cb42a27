import { describe, expect, it, vi } from "vitest";
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
  let reads = 0;
  return {
    bus,
    get reads() {
      return reads;
    },
    store(events: TraceEvent[]) {
      stored = [...stored, ...coalesce(events)];
    },
    end() {
      final = true;
      void bus.publish({ kind: "status", runId: "r", status: "completed" });
    },
    /** The run ends, but its status message is lost. */
    endQuietly() {
      final = true;
    },
    source: {
      bus,
      loadAfter: (after: number) => {
        reads++;
        return Promise.resolve(stored.filter((e) => e.seq > after));
      },
      loadState: () => Promise.resolve({ final, lastSeq: stored.at(-1)?.seq ?? 0 }),
    },
  };
}

/** What a viewer ends up with: the text, and the seq of each event it got (strictly increasing). */
async function collect(gen: AsyncGenerator<readonly TraceEvent[]>): Promise<{ text: string; seqs: number[] }> {
  let text = "";
  const seqs: number[] = [];
  for await (const batch of gen) {
    expect(batch.length).toBeGreaterThan(0);
    for (const e of batch) {
      if ("text" in e) text += e.text;
      seqs.push(e.seq);
    }
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

  it("keeps live events that arrive past a gap, and reads storage only now and then until it is filled", async () => {
    const run = fakeRun();
    const seen = collect(watchRun(run.source, { runId: "r", afterSeq: 0, pollMs: 1_000 }));
    await new Promise((r) => setTimeout(r, 10));
    const readsBefore = run.reads;
    // seq 1 was published before this viewer subscribed and is not stored yet; 2–60 arrive live.
    for (let seq = 2; seq <= 60; seq++) {
      await run.bus.publish({ kind: "event", runId: "r", seq, event: delta(seq, "x") });
      await new Promise((r) => setTimeout(r, 5));
    }
    run.store([delta(1, "a")]); // only seq 1 ever reaches storage in this test
    await run.bus.publish({ kind: "event", runId: "r", seq: 61, event: finished(61) });
    run.end();
    const result = await seen;
    expect(result.seqs).toEqual([1, ...Array.from({ length: 60 }, (_, i) => i + 2)]);
    expect(result.text).toBe(`a${"x".repeat(59)}`);
    // ~300 ms of gap at one read per ≥100 ms, not one read per message.
    expect(run.reads - readsBefore).toBeLessThan(12);
  });

  it("ends when the run ends although its status message was lost and a gap never fills", async () => {
    const run = fakeRun();
    run.store([delta(1, "a")]);
    const seen = collect(watchRun(run.source, { runId: "r", afterSeq: 0, pollMs: 50 }));
    await new Promise((r) => setTimeout(r, 10));
    await run.bus.publish({ kind: "event", runId: "r", seq: 3, event: delta(3, "c") }); // seq 2 never comes
    run.endQuietly();
    expect(await seen).toEqual({ text: "a", seqs: [1] });
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

  it("ends at once for a run that is already over, without waiting for a poll", async () => {
    vi.useFakeTimers();
    try {
      const run = fakeRun();
      run.store([delta(1, "a"), finished(2)]);
      run.end();
      let done = false;
      const seen = collect(watchRun(run.source, { runId: "r", afterSeq: 0, pollMs: 60_000 })).finally(() => {
        done = true;
      });
      // 20 ms of (fake) time, far short of the 60 s poll the stream used to wait for.
      for (let ms = 0; ms < 20 && !done; ms++) await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
      expect(await seen).toEqual({ text: "a", seqs: [1, 2] });
    } finally {
      vi.useRealTimers();
    }
  });

  it("hands out a replay as one batch", async () => {
    const run = fakeRun();
    run.store([delta(1, "a"), finished(2)]);
    run.end();
    const batches: number[][] = [];
    for await (const batch of watchRun(run.source, { runId: "r", afterSeq: 0, pollMs: 50 }))
      batches.push(batch.map((e) => e.seq));
    expect(batches).toEqual([[1, 2]]);
  });

  it("stops when the viewer goes away", async () => {
    const run = fakeRun();
    const controller = new AbortController();
    const seen = collect(watchRun(run.source, { runId: "r", afterSeq: 0, pollMs: 10_000, signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await seen).toEqual({ text: "", seqs: [] });
  });
});
