// Helpers for request-level tests: the e2e API key, multipart turns, and reading an SSE stream.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { SseDecoder } from "@/lib/model/sse-decoder";

const STATE = fileURLToPath(new URL("../.state/", import.meta.url));

export function apiKey(): string {
  return fs.readFileSync(`${STATE}api-key`, "utf8").trim();
}

export function authHeaders(key = apiKey()): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export { readFixture as fixture } from "../fixtures";

export interface SseMessage {
  event: string;
  data: string;
}

/** Read an SSE response until it ends (or `until` says stop), with the app's own SSE decoder. */
export async function readSse(response: Response, until?: (m: SseMessage) => boolean): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  const reader = response.body!.getReader();
  const decoder = new SseDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    for (const decoded of done ? decoder.end() : decoder.push(value)) {
      const message = { event: decoded.event ?? "message", data: decoded.data };
      messages.push(message);
      if (until?.(message)) {
        await reader.cancel();
        return messages;
      }
    }
    if (done) return messages;
  }
}

export function traceEvents(messages: SseMessage[]): { type: string; seq: number; [k: string]: unknown }[] {
  return messages.filter((m) => m.event === "message").map((m) => JSON.parse(m.data) as { type: string; seq: number });
}
