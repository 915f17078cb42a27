import { describe, expect, it } from "vitest";
import { decideV2 } from "./decide";

const fenced = (code: string) => "<code>\n```python\n" + code + "\n```\n</code>";

describe("decideV2 (PROTOCOL §2.3, §7)", () => {
  it("#13 answer without think", () => {
    expect(decideV2("<answer>B</answer>")).toEqual({ kind: "answer", text: "B", tagged: true });
  });
  it("#14 answer wins over a trailing code block", () => {
    expect(decideV2("<think>t</think><answer>A</answer>" + fenced("print(1)"))).toMatchObject({
      kind: "answer",
      text: "A",
    });
  });
  it("#11 runs the last of two code blocks", () => {
    expect(decideV2(fenced("a=1") + fenced("b=2"))).toEqual({ kind: "code", code: "b=2" });
  });
  it("#12 code wins over a tool call", () => {
    expect(decideV2('<tool_call>{"name":"search"}</tool_call>' + fenced("x=1"))).toEqual({ kind: "code", code: "x=1" });
  });
  it("#10 unfenced code ends the turn unless lenient", () => {
    for (const body of [
      "<code>\nprint(1)\n</code>",
      "<code>\n```py\nprint(1)\n```\n</code>",
      "<code>\n```python\nprint(1)```\n</code>",
    ]) {
      expect(decideV2(body)).toMatchObject({ kind: "stop", problem: "code_without_fence" });
    }
    expect(decideV2("<code>\nprint(1)\n</code>", { lenientCode: true })).toEqual({ kind: "code", code: "print(1)" });
    expect(decideV2("<code>\n```py\nprint(1)\n```\n</code>", { lenientCode: true })).toEqual({
      kind: "code",
      code: "print(1)",
    });
  });
  it("empty fenced code and unclosed code stop", () => {
    expect(decideV2("<code>\n```python\n \n```\n</code>")).toMatchObject({ kind: "stop", problem: "empty_code" });
    expect(decideV2("<code>\n```python\nx\n```")).toMatchObject({ kind: "stop", problem: "code_unclosed" });
  });
  it("#3 tool call: the last one", () => {
    expect(decideV2('<tool_call>\n{"name": "a"}\n</tool_call><tool_call>\n{"name": "search"}\n</tool_call>')).toEqual({
      kind: "tool_call",
      raw: '\n{"name": "search"}\n',
    });
  });
  it("#15 unclosed or stray answer tags stop with a problem", () => {
    expect(decideV2("<think>t</think><answer>almost")).toEqual({
      kind: "stop",
      problem: "answer_unclosed",
      message: expect.any(String),
      partialAnswer: "almost",
    });
    expect(decideV2("<think>t</think>B</answer>")).toMatchObject({ problem: "stray_answer_close" });
    expect(decideV2("<think>only thinking</think>")).toMatchObject({ problem: "no_action" });
  });
  it("#16 plain prose is an untagged answer", () => {
    expect(decideV2("  The sign says STOP.  ")).toEqual({ kind: "answer", text: "The sign says STOP.", tagged: false });
  });
  it("#37 a doubled <think> parses normally", () => {
    expect(decideV2("<think><think>x</think>\n<answer>1</answer>")).toMatchObject({ kind: "answer", text: "1" });
  });
});
