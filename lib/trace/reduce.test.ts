import { describe, expect, it } from "vitest";
import { fence, setup } from "@/lib/agent/testing/turn";
import { FakeSandbox } from "@/lib/agent/testing/fakes";
import { applyEvent, emptyTrace, reduceTrace } from "./reduce";
import type { TraceEvent, TraceEventBody } from "./events";

describe("reduceTrace", () => {
  it("turns a code → search → answer turn into steps a renderer maps by kind", async () => {
    const t = setup(
      [
        { text: "<think>Crop it.</think>\n" + fence("print('hi')"), chunk: 3 },
        { text: '</think>\n<tool_call>\n{"name": "search", "arguments": {"query": "q"}}\n</tool_call>', chunk: 4 },
        { text: "Done.</think>\n<answer>42</answer>", chunk: 2 },
      ],
      { sandbox: new FakeSandbox([{ stdout: "hi\n" }]) },
    );
    const { events } = await t.run();
    const stamped: TraceEvent[] = events.map((e, seq) => ({ ...e, seq, at: new Date(0).toISOString() }));
    const state = reduceTrace(stamped);
    const turn = state.turns[0]!;
    expect(turn.steps.map((s) => s.kind)).toEqual(["thought", "code", "search", "thought", "answer"]);
    expect(turn.steps[0]).toMatchObject({ kind: "thought", text: "Crop it." });
    expect(turn.steps[1]).toMatchObject({
      kind: "code",
      code: "print('hi')",
      status: "done",
      result: { stdout: "hi\n" },
    });
    expect(turn.steps[2]).toMatchObject({ kind: "search", queries: ["q"], status: "done" });
    expect(turn.steps[4]).toMatchObject({ kind: "answer", text: "42", final: true });
    expect(turn).toMatchObject({
      status: "completed",
      answer: "42",
      calls: 3,
      usage: { promptTokens: 30, completionTokens: 15 },
    });
    expect(state.lastSeq).toBe(stamped.length - 1);
    // Folding one by one gives the same state, and it survives a JSON round trip.
    expect(stamped.reduce(applyEvent, emptyTrace())).toEqual(state);
    expect(reduceTrace(JSON.parse(JSON.stringify(stamped)))).toEqual(state);
  });
  it("marks a streamed code block that was never run as skipped", async () => {
    const t = setup([{ text: "<answer>A</answer>" + fence("x") }]);
    const { events } = await t.run();
    const steps = reduceTrace(events).turns[0]!.steps;
    expect(steps.map((s) => [s.kind, s.kind === "code" ? s.status : ""])).toEqual([
      ["answer", ""],
      ["code", "skipped"],
    ]);
  });

  const started = (question: string | null): TraceEventBody => ({
    type: "turn_started",
    version: 1,
    profile: "deepeyes-v2",
    question,
    images: [],
    messages: [],
  });

  it("keeps one turn when a run continues another, and stops what the first left running", () => {
    const events: TraceEventBody[] = [
      started("What is it?"),
      { type: "model_call_started", call: 1, prefill: "", maxTokens: 100 },
      { type: "thought_delta", call: 1, text: "Crop it." },
      { type: "code_final", call: 1, code: "print(1)" },
      { type: "tool_started", call: 1, tool: "python" },
      // The first run died here; a continue run replays the above, then goes on.
      started(null),
      { type: "model_call_started", call: 2, prefill: "", maxTokens: 100 },
      { type: "answer", call: 2, text: "A cup.", tagged: true },
      { type: "turn_finished", status: "completed", calls: 2, answer: "A cup." },
    ];
    const state = reduceTrace(events);
    expect(state.turns).toHaveLength(1);
    const turn = state.turns[0]!;
    expect(turn).toMatchObject({ question: "What is it?", status: "completed", answer: "A cup." });
    expect(turn.steps.map((s) => [s.kind, "status" in s ? s.status : ""])).toEqual([
      ["thought", ""],
      ["code", "skipped"],
      ["answer", ""],
    ]);
  });

  it("shows a tool call a stopped turn left unanswered as failed, not running", () => {
    const state = reduceTrace([
      started("Who?"),
      { type: "model_call_started", call: 1, prefill: "", maxTokens: 100 },
      { type: "tool_call", call: 1, name: "search", arguments: { query: "q" }, raw: "" },
      { type: "tool_started", call: 1, tool: "search" },
      { type: "turn_finished", status: "cancelled", calls: 1 },
    ]);
    expect(state.turns[0]!.steps).toMatchObject([{ kind: "search", status: "error" }]);
  });
});
