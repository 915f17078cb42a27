// The exact JSON body sent to /v1/chat/completions. vLLM extensions sit at the top level (§5.1).
import type { ModelRequest } from "@/lib/agent/ports";
import type { ChatMessage } from "@/lib/trace/events";
import type { ImageUrlResolver } from "./image-urls";

export type WireContent =
  string | ({ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } })[];
export interface WireMessage {
  role: ChatMessage["role"];
  content: WireContent;
}

export async function toVllmBody(request: ModelRequest, model: string, imageUrl: ImageUrlResolver, stream = true) {
  const messages: WireMessage[] = [];
  for (const m of request.messages) {
    if (typeof m.content === "string") {
      messages.push({ role: m.role, content: m.content });
      continue;
    }
    const content: Exclude<WireContent, string> = [];
    for (const part of m.content)
      content.push(
        part.type === "text"
          ? { type: "text", text: part.text }
          : { type: "image_url", image_url: { url: await imageUrl(part.image) } },
      );
    messages.push({ role: m.role, content });
  }
  return {
    model,
    messages,
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    top_k: request.topK,
    repetition_penalty: request.repetitionPenalty,
    stop: request.stop,
    include_stop_str_in_output: request.includeStopStrInOutput,
    // Prefill (§2.1): continue the last assistant message instead of opening a new one.
    ...(request.continueFinalMessage ? { continue_final_message: true, add_generation_prompt: false } : {}),
  };
}
