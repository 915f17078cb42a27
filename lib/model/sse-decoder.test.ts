import { describe, expect, it } from "vitest";
import { SseDecoder, type SseMessage } from "./sse-decoder";

const bytes = (s: string) => new TextEncoder().encode(s);

/** Decodes `input` fed in pieces cut at the given byte offsets. */
function decode(input: Uint8Array, cuts: number[] = []): SseMessage[] {
  const decoder = new SseDecoder();
  const out: SseMessage[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    out.push(...decoder.push(input.subarray(from, cut)));
    from = cut;
  }
  out.push(...decoder.end());
  return out;
}

describe("SseDecoder", () => {
  it("reads vLLM's data lines and the [DONE] sentinel", () => {
    expect(decode(bytes('data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n'))).toEqual([
      { event: null, data: '{"a":1}' },
      { event: null, data: '{"b":2}' },
      { event: null, data: "[DONE]" },
    ]);
  });

  it("gives the same events however the bytes are cut, including inside CRLF and UTF-8", () => {
    const input = bytes("event: error\r\ndata: first 😀 line\r\ndata:second\r\n\r\n: comment\rdata: é\r\r");
    const whole = decode(input);
    expect(whole).toEqual([
      { event: "error", data: "first 😀 line\nsecond" },
      { event: null, data: "é" },
    ]);
    for (let cut = 1; cut < input.length; cut++) expect(decode(input, [cut])).toEqual(whole);
    expect(
      decode(
        input,
        Array.from({ length: input.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(whole);
  });

  it("ignores comments, unknown fields and events without data; keeps one leading space only", () => {
    expect(decode(bytes(": keep-alive\n\nid: 4\nretry: 10\n\nevent: x\n\ndata:  two spaces\n\n"))).toEqual([
      { event: null, data: " two spaces" },
    ]);
  });

  it("drops an event the stream cut off before its blank line", () => {
    expect(decode(bytes('data: {"a":1}\n\ndata: {"partial":'))).toEqual([{ event: null, data: '{"a":1}' }]);
    expect(decode(bytes('data: {"a":1}\n\ndata: {"b":2}\n'))).toEqual([{ event: null, data: '{"a":1}' }]);
  });
});
