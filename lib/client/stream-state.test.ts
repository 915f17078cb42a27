import { describe, expect, it } from "vitest";
import type { TraceEvent } from "@/lib/trace";
import { initialRunStream, parseTraceEvent, reduceStream, type RunStream } from "./stream-state";

const at = "2025-01-01T00:00:00.000Z";
const events: TraceEvent[] = [
  { seq: 1, at, type: "turn_started", version: 1, profile: "deepeyesv2", question: "Q", images: [], messages: [] },
  { seq: 2, at, type: "model_call_started", call: 1, prefill: "", maxTokens: 100 },
  { seq: 3, at, type: "thought_delta", call: 1, text: "Look " },
  { seq: 4, at, type: "thought_delta", call: 1, text: "closer." },
];

const feed = (state: RunStream, list: TraceEvent[]) =>
  list.reduce((s, e) => reduceStream(s, { type: "event", data: JSON.stringify(e) }), state);

describe("reduceStream", () => {
  it("folds events into the trace", () => {
    const state = feed(reduceStream(initialRunStream(), { type: "open" }), events);
    expect(state.phase).toBe("live");
    expect(state.trace.lastSeq).toBe(4);
    expect(state.trace.turns[0]?.steps).toEqual([{ id: "0:0", kind: "thought", text: "Look closer.", call: 1 }]);
  });

  it("ignores events replayed after a reconnect", () => {
    const first = feed(initialRunStream(), events.slice(0, 3));
    const reconnected = reduceStream(first, { type: "disconnected" });
    expect(reconnected.phase).toBe("reconnecting");
    const resumed = feed(reduceStream(reconnected, { type: "open" }), events.slice(1));
    expect(resumed.trace.turns[0]?.steps[0]).toMatchObject({ text: "Look closer." });
    expect(resumed.phase).toBe("live");
  });

  it("ends with the run summary and stays ended", () => {
    const ended = reduceStream(feed(initialRunStream(), events), {
      type: "end",
      data: JSON.stringify({ id: "r", status: "completed", answer: "A" }),
    });
    expect(ended.phase).toBe("ended");
    expect(ended.summary?.status).toBe("completed");
    expect(reduceStream(ended, { type: "disconnected" }).phase).toBe("ended");
  });

  it("drops malformed messages", () => {
    expect(parseTraceEvent("not json")).toBeNull();
    expect(parseTraceEvent('{"type":"x"}')).toBeNull();
    const state = reduceStream(initialRunStream(), { type: "event", data: "{" });
    expect(state.trace.lastSeq).toBe(-1);
  });
});
