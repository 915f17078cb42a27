// Helpers for request-level tests: the e2e API key, multipart turns, and reading an SSE stream.
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const STATE = fileURLToPath(new URL("../.state/", import.meta.url));

export function apiKey(): string {
  return fs.readFileSync(`${STATE}api-key`, "utf8").trim();
}

export function authHeaders(key = apiKey()): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export { readFixture as fixture } from "../fixtures";

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** Read an SSE response until it ends (or `until` says stop), parsing messages as they arrive. */
export async function readSse(response: Response, until?: (m: SseMessage) => boolean): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const message: SseMessage = { event: "message", data: "" };
      let hasData = false;
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const [field, ...rest] = line.split(":");
        const val = rest.join(":").replace(/^ /, "");
        if (field === "id") message.id = val;
        else if (field === "event") message.event = val;
        else if (field === "data") {
          message.data += (hasData ? "\n" : "") + val;
          hasData = true;
        }
      }
      if (!hasData) continue;
      messages.push(message);
      if (until?.(message)) {
        await reader.cancel();
        return messages;
      }
    }
  }
  return messages;
}

export function traceEvents(messages: SseMessage[]): { type: string; seq: number; [k: string]: unknown }[] {
  return messages.filter((m) => m.event === "message").map((m) => JSON.parse(m.data) as { type: string; seq: number });
}
