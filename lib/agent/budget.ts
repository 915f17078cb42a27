// Token and image accounting for a request, done before the call because vLLM answers 400 when
// `max_tokens` exceeds the room left (PROTOCOL §5.5). Text is over-estimated on purpose.
import { imageTokens } from "@/lib/images/resize";
import type { ChatMessage } from "@/lib/trace/events";
import type { Limits, LoopOptions } from "./profile";

export const DEFAULT_LIMITS: Limits = {
  maxCalls: 9,
  maxTokens: 8192,
  contextLength: 32768,
  minCompletionTokens: 256,
  maxImagesPerObservation: 10,
  maxImagesPerTrajectory: 50,
  maxOutputChars: 20_000,
};

export const DEFAULT_OPTIONS: LoopOptions = { prefill: true, lenientCode: false };

/** Rough prompt size: ~1 token per 3 UTF-16 units of text (Qwen averages ~4 for English), images exact. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  let tokens = 0;
  for (const message of messages) {
    tokens += 5; // <|im_start|>role\n … <|im_end|>\n
    if (typeof message.content === "string") {
      tokens += Math.ceil(message.content.length / 3);
      continue;
    }
    for (const part of message.content) {
      tokens += part.type === "text" ? Math.ceil(part.text.length / 3) : imageTokens(part.image) + 2;
    }
  }
  return tokens;
}

export function countImages(messages: readonly ChatMessage[]): number {
  let n = 0;
  for (const m of messages) if (typeof m.content !== "string") for (const p of m.content) if (p.type === "image") n++;
  return n;
}

/** `max_tokens` for the next call: the profile's cap, clamped to the context left. */
export function completionBudget(messages: readonly ChatMessage[], limits: Limits): number {
  return Math.min(limits.maxTokens, limits.contextLength - estimatePromptTokens(messages));
}
