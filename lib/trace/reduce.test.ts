import { describe, expect, it } from "vitest";
import { fence, setup } from "@/lib/agent/testing/turn";
import { FakeSandbox } from "@/lib/agent/testing/fakes";
import { applyEvent, emptyTrace, reduceTrace } from "./reduce";
import type { TraceEvent } from "./events";

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
});
