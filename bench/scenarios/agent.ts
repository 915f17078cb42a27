// Agent benchmarks: the streaming tag parser's throughput and the loop's overhead over reading the
// mock vLLM stream directly (time to first thought token, latency added per chunk).
import type { BenchScenario } from "@/bench/types";
import { runTurn } from "@/lib/agent";
import type { ModelPort } from "@/lib/agent/ports";
import { deepeyesV2 } from "@/lib/agent/profiles";
import { StreamParser } from "@/lib/agent/stream-parser";
import { FakeClock, FakeSandbox, FakeSearch, identityImages, MemoryBlobs } from "@/lib/agent/testing/fakes";
import { createModelClient } from "@/lib/model";
import { startMockVllm, tokens } from "@/e2e/mocks/vllm/server";

const THOUGHT = "The sign in the upper left is small, so I will crop it and enlarge it before reading. ";
const CODE = "<code>\n```python\ncrop = image_1.crop((0, 0, 200, 120))\nplt.imshow(crop)\nplt.show()\n```\n</code>";
const MESSAGE = `<think>${THOUGHT.repeat(8)}</think>\n${CODE}\n<think>${THOUGHT.repeat(4)}</think>\n<answer>STOP</answer>`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const parserThroughput: BenchScenario = {
  name: "agent/parser-throughput",
  description: "StreamParser over ~1 MB of DeepEyesV2-style text in token-sized chunks (MB/s, ns per emitted segment).",
  run({ iterations }) {
    const chunks = tokens(MESSAGE.repeat(Math.ceil(1_000_000 / MESSAGE.length)));
    const bytes = Buffer.byteLength(chunks.join(""));
    const samplesMs: number[] = [];
    let segments = 0;
    for (let i = 0; i < Math.max(3, iterations); i++) {
      const parser = new StreamParser();
      segments = 0;
      const start = performance.now();
      for (const c of chunks) segments += parser.push(c).length;
      segments += parser.end().length;
      samplesMs.push(performance.now() - start);
    }
    const median = [...samplesMs].sort((a, b) => a - b)[Math.floor(samplesMs.length / 2)]!;
    return Promise.resolve({
      samplesMs,
      metrics: {
        "throughput_MB/s": +(bytes / 1e6 / (median / 1000)).toFixed(1),
        ns_per_segment: Math.round((median * 1e6) / segments),
        chunks: chunks.length,
        segments,
      },
      notes: "One sample = parsing the whole ~1 MB text once.",
    });
  },
};

const loopOverhead: BenchScenario = {
  name: "agent/loop-overhead",
  description:
    "A turn against the mock vLLM: time to first thought token directly vs through runTurn, and latency the loop adds per chunk.",
  target: "≤ 2 ms p50 per chunk; ≤ 10 ms added to the first token",
  async run({ iterations }) {
    const mock = await startMockVllm({
      modelName: "bench",
      scripts: { bench: [{ text: MESSAGE.replace(CODE + "\n", "") }] },
    });
    try {
      const body = JSON.stringify({
        model: "bench",
        stream: true,
        messages: [{ role: "user", content: "[[script:bench]]" }],
      });
      const direct: number[] = [];
      const viaLoop: number[] = [];
      const perChunk: number[] = [];
      const client = createModelClient({ baseUrl: mock.url, model: "bench", imageUrl: () => Promise.resolve("") });
      for (let i = 0; i < Math.max(3, iterations); i++) {
        direct.push(await firstTokenDirect(mock.url, body));
        // Wrap the model port to stamp each delta as it leaves the client; the loop's matching event is stamped on arrival.
        const stamps: number[] = [];
        const timed: ModelPort = {
          async *stream(req, signal) {
            for await (const item of client.stream(req, signal)) {
              if ("delta" in item) stamps.push(performance.now());
              yield item;
            }
          },
        };
        const start = performance.now();
        let first = 0;
        let seen = 0;
        const turn = runTurn({
          profile: deepeyesV2,
          sessionId: "bench",
          question: "[[script:bench]]",
          model: timed,
          sandbox: new FakeSandbox([]),
          search: new FakeSearch({ text: false, image: false }),
          blobs: new MemoryBlobs(),
          imagePort: identityImages,
          clock: new FakeClock(),
        });
        for await (const event of turn) {
          if (event.type === "thought_delta" || event.type === "answer_delta") {
            const now = performance.now();
            if (!first) first = now - start;
            const stamp = stamps[seen++];
            if (stamp !== undefined) perChunk.push(now - stamp);
            seen = stamps.length;
          }
        }
        viaLoop.push(first);
      }
      const sortedChunk = [...perChunk].sort((a, b) => a - b);
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      return {
        samplesMs: perChunk,
        metrics: {
          first_token_direct_ms: +med(direct).toFixed(2),
          first_token_loop_ms: +med(viaLoop).toFixed(2),
          first_token_added_ms: +(med(viaLoop) - med(direct)).toFixed(2),
          chunk_added_p50_ms: +percentile(sortedChunk, 50).toFixed(3),
          chunk_added_p95_ms: +percentile(sortedChunk, 95).toFixed(3),
        },
        notes:
          "samplesMs are per-chunk delays between the model client yielding a delta and runTurn yielding its trace event.",
      };
    } finally {
      await mock.close();
    }
  },
};

/** Time from request to the first non-empty content delta, reading the SSE with fetch only. */
async function firstTokenDirect(url: string, body: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let first = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    if (!first && /"content":"[^"]/.test(buffer)) first = performance.now() - start;
  }
  return first;
}

export const scenarios: BenchScenario[] = [parserThroughput, loopOverhead];
