import { describe, expect, it } from "vitest";
import { type Segment, StreamParser } from "./stream-parser";

function parse(chunks: string[]): Segment[] {
  const p = new StreamParser();
  const all = [...chunks.flatMap((c) => p.push(c)), ...p.end()];
  const merged: Segment[] = [];
  for (const s of all) {
    const last = merged.at(-1);
    if (last && last.kind === s.kind) last.text += s.text;
    else merged.push({ ...s });
  }
  return merged;
}

const TEXT = "<think>Look at the sign 👀 (שלום).</think>\n<code>\n```python\nprint('<b>')\n```\n</code>";

describe("StreamParser", () => {
  it("splits a message into thought and code", () => {
    expect(parse([TEXT])).toEqual([
      { kind: "thought", text: "Look at the sign 👀 (שלום)." },
      { kind: "code", text: "\n```python\nprint('<b>')\n```\n" },
    ]);
  });
  it("gives the same segments for every chunking, including tags split mid-way", () => {
    const whole = parse([TEXT]);
    for (let size = 1; size <= 9; size++) {
      const chunks = Array.from(TEXT).reduce<string[]>((acc, ch, i) => {
        if (i % size === 0) acc.push(ch);
        else acc[acc.length - 1] += ch;
        return acc;
      }, []);
      expect(parse(chunks)).toEqual(whole);
    }
    expect(parse(["<think>a</think>\n<code>x</co", "de>"])).toEqual(parse(["<think>a</think>\n<code>x</code>"]));
  });
  it("streams answers and tool calls, ignores special tokens and nested <think>", () => {
    expect(parse(["<think><think>x</think><tool_call>{}</tool_call><answer>B</answer><|im_end|>"])).toEqual([
      { kind: "thought", text: "x" },
      { kind: "tool_call", text: "{}" },
      { kind: "answer", text: "B" },
    ]);
  });
  it("treats untagged prose as thought and flushes a dangling '<'", () => {
    expect(parse(["Just prose ", "a < b <"])).toEqual([{ kind: "thought", text: "Just prose a < b <" }]);
  });
  it("only the closing tag ends code", () => {
    expect(parse(["<code>s = '<answer>'</code>"])).toEqual([{ kind: "code", text: "s = '<answer>'" }]);
  });
});
