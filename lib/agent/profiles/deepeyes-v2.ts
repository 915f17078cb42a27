// DeepEyesV2 (default profile): python + optional search, RL-exact loop (PROTOCOL §TL;DR, §2.11).
import { decideV2 } from "../decide";
import { runCode } from "../code-tool";
import type { ModelProfile } from "../profile";
import { PROMPTS } from "../prompts";
import { runToolCall } from "../search-tool";
import { templateContent } from "./user-content";

export const deepeyesV2: ModelProfile = {
  id: "deepeyes-v2",
  label: "DeepEyesV2",
  limits: { maxCalls: 9, maxTokens: 8192 },
  sampling: {
    temperature: 0,
    topP: 1,
    topK: -1,
    repetitionPenalty: 1.0,
    stop: ["</code>", "</tool_call>"],
    includeStopStrInOutput: true,
  },
  prefill: "<think>",
  // Prompt A when any search tool is configured, B (code only) when none is.
  systemPrompt: (caps) => (caps.text || caps.image ? PROMPTS.SYSTEM_A : PROMPTS.SYSTEM_B),
  userContent: (question, images, caps) =>
    templateContent(caps.text || caps.image ? PROMPTS.USER_A : PROMPTS.USER_B, question, images),
  decide: (text, options) => decideV2(text, { lenientCode: options.lenientCode }),
  act: (decision, ctx) => (decision.kind === "code" ? runCode(decision.code, ctx) : runToolCall(decision.raw, ctx)),
};
