// What a finished DeepEyesV2 assistant message asks for, per PROTOCOL §2.3 (RL order:
// answer > code > tool_call) and the policies in docs/protocol-policies.md.
import type { FormatProblemCode } from "@/lib/trace/events";

export type Decision =
  | { kind: "answer"; text: string; tagged: boolean }
  | { kind: "code"; code: string }
  | { kind: "tool_call"; raw: string }
  | { kind: "stop"; problem: FormatProblemCode; message: string; partialAnswer?: string };

export interface DecideOptions {
  /** Run a `<code>` body that has no ```python fence (EVAL behaviour) instead of ending the turn (RL). */
  lenientCode?: boolean;
}

const ANSWER = /<answer>([\s\S]*?)<\/answer>/g;
const CODE = /<code>([\s\S]*?)<\/code>/g;
const FENCE = /```python\s*\n([\s\S]*?)\n```/g;
const TOOL_CALL = /<tool_call>([\s\S]*?)<\/tool_call>/g;
const ANY_TAG = /<\/?(think|answer|code|tool_call)>/;

function lastMatch(re: RegExp, text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.matchAll(re)) last = m[1];
  return last;
}

export function decideV2(text: string, options: DecideOptions = {}): Decision {
  const answer = lastMatch(ANSWER, text);
  if (answer !== undefined) return { kind: "answer", text: answer.trim(), tagged: true };

  if (text.includes("<code>")) {
    const block = lastMatch(CODE, text);
    if (block === undefined)
      return { kind: "stop", problem: "code_unclosed", message: "The model opened a code block but never closed it." };
    let code = lastMatch(FENCE, block);
    if (code === undefined) {
      if (!options.lenientCode)
        return {
          kind: "stop",
          problem: "code_without_fence",
          message:
            "The model wrote code without a ```python fence, so it was not run (the protocol ends the turn here).",
        };
      code = stripAnyFence(block);
    }
    if (!code.trim()) return { kind: "stop", problem: "empty_code", message: "The model's code block was empty." };
    return { kind: "code", code };
  }

  if (text.includes("<tool_call>")) {
    const raw = lastMatch(TOOL_CALL, text);
    if (raw === undefined)
      return {
        kind: "stop",
        problem: "invalid_tool_call",
        message: "The model opened a tool call but never closed it.",
      };
    return { kind: "tool_call", raw };
  }

  if (!ANY_TAG.test(text)) {
    const plain = text.trim();
    if (plain) return { kind: "answer", text: plain, tagged: false };
    return { kind: "stop", problem: "no_action", message: "The model returned an empty message." };
  }
  const open = text.lastIndexOf("<answer>");
  if (open !== -1)
    return {
      kind: "stop",
      problem: "answer_unclosed",
      message: "The model started an answer but never closed it.",
      partialAnswer: text.slice(open + "<answer>".length).trim(),
    };
  if (text.includes("</answer>"))
    return { kind: "stop", problem: "stray_answer_close", message: "The model closed an answer it never opened." };
  return { kind: "stop", problem: "no_action", message: "The model stopped without an answer, code or tool call." };
}

/** Lenient mode: the raw body, minus any ``` fence (```py, ``` …) around it. */
function stripAnyFence(block: string): string {
  const body = block.trim();
  const m = /^```[\w+-]*[ \t]*\n([\s\S]*?)\n?```$/.exec(body);
  return m?.[1] ?? body;
}
