// Request checks the way vLLM's OpenAI server makes them (PROTOCOL §5), so a wrong body fails
// here as it would in production.
import { textOf } from "./scripts";

export interface VllmLimits {
  maxModelLen: number;
  maxImagesPerPrompt: number;
}

export interface Rejection {
  status: number;
  message: string;
  type: string;
}

const bad = (message: string): Rejection => ({ status: 400, message, type: "BadRequestError" });

export function validateChatRequest(body: Record<string, unknown>, limits: VllmLimits): Rejection | null {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return bad("messages must be a non-empty list");
  let images = 0;
  let promptTokens = 0;
  for (const m of messages as { role?: unknown; content?: unknown }[]) {
    if (!["system", "user", "assistant", "tool"].includes(String(m.role)))
      return bad(`Unknown role: ${String(m.role)}`);
    if (typeof m.content === "string") {
      promptTokens += Math.ceil(m.content.length / 4) + 5;
      continue;
    }
    if (!Array.isArray(m.content)) return bad("content must be a string or a list of parts");
    for (const part of m.content as { type?: string; text?: unknown; image_url?: { url?: unknown } }[]) {
      if (part.type === "text") {
        if (typeof part.text !== "string") return bad("text part without text");
        promptTokens += Math.ceil(part.text.length / 4);
      } else if (part.type === "image_url") {
        const url = part.image_url?.url;
        if (typeof url !== "string") return bad("image_url part without url");
        const size = imageSize(url);
        if (size === "invalid") return bad("Failed to load image: the data URI does not hold a PNG or JPEG image");
        images++;
        promptTokens += size ? Math.ceil(size.width / 28) * Math.ceil(size.height / 28) : 256;
      } else {
        return bad(`Unknown content part type: ${String(part.type)}`);
      }
    }
    promptTokens += 5;
  }
  if (images > limits.maxImagesPerPrompt)
    return bad(`At most ${limits.maxImagesPerPrompt} image(s) may be provided in one request.`);
  const addGenerationPrompt = body.add_generation_prompt ?? true;
  if (body.continue_final_message === true) {
    if (addGenerationPrompt === true)
      return bad("Cannot set both `continue_final_message` and `add_generation_prompt` to True.");
    if ((messages.at(-1) as { role?: string }).role !== "assistant")
      return bad("continue_final_message requires the last message to be an assistant message");
  }
  for (const key of ["temperature", "top_p", "top_k", "repetition_penalty", "max_tokens"] as const)
    if (body[key] !== undefined && typeof body[key] !== "number") return bad(`${key} must be a number`);
  if (
    body.stop !== undefined &&
    typeof body.stop !== "string" &&
    !(Array.isArray(body.stop) && body.stop.every((s) => typeof s === "string"))
  )
    return bad("stop must be a string or a list of strings");
  const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 0;
  if (promptTokens + maxTokens > limits.maxModelLen)
    return bad(
      `This model's maximum context length is ${limits.maxModelLen} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
    );
  return null;
}

/** Size of a data-URI PNG (null for JPEG or remote URLs, whose size is not read), or "invalid". */
function imageSize(url: string): { width: number; height: number } | null | "invalid" {
  if (/^https?:\/\//.test(url)) return null;
  const m = /^data:image\/[\w.+-]+;base64,(.*)$/s.exec(url);
  if (!m?.[1]) return "invalid";
  const bytes = Buffer.from(m[1], "base64");
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47)
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return null;
  return "invalid";
}

export { textOf };
