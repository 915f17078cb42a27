import { describe, expect, it } from "vitest";
import { reduceTrace, type TraceEvent } from "@/lib/trace";
import { coalesce, replayAfter } from "./coalesce";

const at = "2026-01-01T00:00:00.000Z";
function trace(): TraceEvent[] {
  const body: TraceEvent[] = [
    { seq: 1, at, type: "turn_started", version: 1, profile: "deepeyes-v2", question: "q", images: [], messages: [] },
    { seq: 2, at, type: "model_call_started", call: 1, prefill: "", maxTokens: 8192 },
  ];
  let seq = 3;
  for (const t of ["Look", "ing at ", "the 🐱 ", "image"])
    body.push({ seq: seq++, at, type: "thought_delta", call: 1, text: t });
  for (const t of ["```py", "thon\nprint(1)\n```"]) body.push({ seq: seq++, at, type: "code_delta", call: 1, text: t });
  body.push({ seq: seq++, at, type: "answer_delta", call: 1, text: "42" });
  body.push({ seq: seq++, at, type: "turn_finished", status: "completed", calls: 1, answer: "42" });
  return body;
}

describe("coalesce", () => {
  it("merges consecutive deltas of one kind into one row and keeps others apart", () => {
    const rows = coalesce(trace());
    expect(rows.map((r) => r.type)).toEqual([
      "turn_started",
      "model_call_started",
      "thought_delta",
      "code_delta",
      "answer_delta",
      "turn_finished",
    ]);
    expect(rows[2]).toMatchObject({ text: "Looking at the 🐱 image", seq: 6, seqFrom: 3 });
  });

  it("reduces to exactly the same trace as the live events", () => {
    const events = trace();
    expect(reduceTrace(replayAfter(coalesce(events), 0))).toEqual(reduceTrace(events));
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])("a viewer resuming after seq %i gets exactly the rest", (after) => {
    const events = trace();
    const seen = events.filter((e) => e.seq <= after);
    const resumed = [...seen, ...replayAfter(coalesce(events), after)];
    expect(reduceTrace(resumed)).toEqual(reduceTrace(events));
    // Text is never duplicated or lost, byte for byte (emoji included).
    const text = (list: TraceEvent[]) => list.map((e) => ("text" in e ? e.text : "")).join("");
    expect(text(resumed)).toBe(text(events));
  });

  it("does not merge across a gap in seq or a different call", () => {
    const rows = coalesce([
      { seq: 1, at, type: "thought_delta", call: 1, text: "a" },
      { seq: 3, at, type: "thought_delta", call: 1, text: "b" },
      { seq: 4, at, type: "thought_delta", call: 2, text: "c" },
    ]);
    expect(rows).toHaveLength(3);
  });
});
