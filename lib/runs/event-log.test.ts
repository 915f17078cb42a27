import { afterEach, describe, expect, it, vi } from "vitest";
import type { TraceEventBody } from "@/lib/trace";
import type { BusMessage } from "./bus";
import type { StoredEvent } from "./coalesce";
import { FlushClock, RunEventLog } from "./event-log";

function sink(options: { failAfter?: number } = {}) {
  const stored: StoredEvent[][] = [];
  const published: BusMessage[] = [];
  let writes = 0;
  return {
    stored,
    published,
    persist(events: StoredEvent[]) {
      writes++;
      if (options.failAfter !== undefined && writes > options.failAfter)
        return Promise.reject(new Error("connection reset"));
      stored.push(events);
      return Promise.resolve();
    },
    publish(message: BusMessage) {
      published.push(message);
    },
  };
}

const delta = (text: string): TraceEventBody => ({ type: "thought_delta", call: 1, text });

describe("RunEventLog", () => {
  it("publishes every delta at once but stores them merged in one write", async () => {
    const s = sink();
    const log = new RunEventLog("r", s, { flushMs: 20 });
    for (const t of ["a", "b", "c"]) log.append(delta(t));
    expect(s.published.map((m) => (m.kind === "event" ? m.seq : 0))).toEqual([1, 2, 3]);
    expect(s.stored).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(s.stored).toHaveLength(1);
    expect(s.stored[0]).toMatchObject([{ type: "thought_delta", text: "abc", seq: 3, seqFrom: 1 }]);
  });

  it("writes a finished step at once, with the deltas before it", async () => {
    const s = sink();
    const log = new RunEventLog("r", s, { flushMs: 10_000, lastSeq: 7 });
    log.append(delta("x"));
    log.append({ type: "code_final", call: 1, code: "print(1)" });
    await log.flush();
    expect(s.stored.flat().map((e) => [e.type, e.seq])).toEqual([
      ["thought_delta", 8],
      ["code_final", 9],
    ]);
  });

  it("stops the run with a sentence when the database fails, keeping what was stored", async () => {
    const s = sink({ failAfter: 1 });
    const log = new RunEventLog("r", s, { flushMs: 10_000 });
    expect(log.lastStoredAt).toBe(0);
    log.append({ type: "code_final", call: 1, code: "a" });
    await log.flush();
    const storedAt = log.lastStoredAt;
    expect(storedAt).toBeGreaterThan(Date.now() - 1_000);
    log.append({ type: "code_final", call: 2, code: "b" });
    await expect(log.flush()).rejects.toThrow(/database stopped answering/);
    expect(log.lastStoredAt).toBe(storedAt);
    expect(() => log.append(delta("more"))).toThrow(/database stopped answering/);
    expect(s.stored.flat().map((e) => e.seq)).toEqual([1]);
  });

  describe("sharing a flush clock", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("stores the deltas of every log on the clock at its one tick, within one interval", async () => {
      vi.useFakeTimers();
      const clock = new FlushClock(200);
      const [a, b] = [sink(), sink()];
      const logA = new RunEventLog("a", a, { clock });
      const logB = new RunEventLog("b", b, { clock });
      logA.append(delta("a1"));
      await vi.advanceTimersByTimeAsync(150);
      logB.append(delta("b1"));
      logA.append(delta("a2"));
      // One timer for both logs, however many deltas they append.
      expect(vi.getTimerCount()).toBe(1);
      expect([a.stored, b.stored]).toEqual([[], []]);
      await vi.advanceTimersByTimeAsync(50);
      // b's delta waited 50 ms, not an interval of its own: no delta waits longer than one interval.
      expect(a.stored).toMatchObject([[{ text: "a1a2", seq: 2, seqFrom: 1 }]]);
      expect(b.stored).toMatchObject([[{ text: "b1", seq: 1 }]]);
      expect(vi.getTimerCount()).toBe(0);
      // The next delta arms the clock again.
      logB.append(delta("b2"));
      await vi.advanceTimersByTimeAsync(200);
      expect(b.stored).toMatchObject([[{ text: "b1" }], [{ text: "b2", seq: 2 }]]);
    });
  });
});
