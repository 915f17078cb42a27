import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTurn, type RunTurnInput } from "@/lib/agent";
import { collect, FakeClock, FakeSandbox, FakeSearch, MemoryBlobs } from "@/lib/agent/testing/fakes";
import { deepeyesV2 } from "@/lib/agent/profiles";
import { PROMPTS } from "@/lib/agent/prompts";
import { createImagePort, normalizeUpload } from "@/lib/images";
import { checkModelServer, createModelClient, dataUriResolver } from "@/lib/model";
import { reduceTrace } from "@/lib/trace";
import { readFixture } from "@/e2e/fixtures";
import type { TraceEventBody } from "@/lib/trace/events";
import { type MockVllm, startMockVllm } from "./server";

const MODEL = "DeepEyesV2_7B_1031";
let mock: MockVllm;
beforeAll(async () => {
  mock = await startMockVllm({ modelName: MODEL, apiKey: "k" });
});
afterAll(() => mock.close());

async function turn(
  question: string,
  overrides: Partial<RunTurnInput> & {
    timeouts?: object;
    apiKey?: string;
    modelName?: string;
    url?: string;
    server?: MockVllm;
  } = {},
) {
  const blobs = new MemoryBlobs();
  const upload = await normalizeUpload(new Uint8Array(readFixture("hubble_deep_field.jpg")));
  const { key } = await blobs.put({ data: upload.png, mediaType: "image/png" });
  const image = { key, width: upload.width, height: upload.height, mediaType: "image/png" as const, data: upload.png };
  const figure = await normalizeUpload(new Uint8Array(readFixture("chelsea.png")));
  const sandbox = new FakeSandbox([
    {
      stdout: "1008 868\n",
      images: [{ data: figure.png, mediaType: "image/png", width: figure.width, height: figure.height }],
    },
  ]);
  const search = new FakeSearch(undefined, () => [
    { title: "Hubble Space Telescope", link: "https://science.nasa.gov/mission/hubble/", snippet: "Launched in 1990." },
  ]);
  const model = createModelClient({
    baseUrl: overrides.url ?? mock.url,
    apiKey: overrides.apiKey ?? "k",
    model: overrides.modelName ?? MODEL,
    imageUrl: dataUriResolver((k) => Promise.resolve(blobs.store.get(k)!)),
    timeouts: overrides.timeouts,
  });
  const server = overrides.server ?? mock;
  const before = server.requests.length;
  const result = await collect(
    runTurn({
      profile: deepeyesV2,
      sessionId: "conv-1",
      question,
      images: [image],
      model,
      sandbox,
      search,
      blobs,
      imagePort: createImagePort(),
      clock: new FakeClock(),
      ...overrides,
    }),
  );
  const bodies = server.requests
    .slice(before)
    .filter((r) => r.path === "/v1/chat/completions")
    .map((r) => r.body!);
  return { ...result, bodies, sandbox, search, image };
}

const errors = (events: TraceEventBody[]) => events.filter((e) => e.type === "error");

describe("mock vLLM drives a full turn through the real loop and model client", () => {
  it("think → code → observation → search → answer, with exact request bodies", async () => {
    const { outcome, events, bodies, sandbox, search, image } = await turn(
      "When was this telescope launched? [[script:think-code-search-answer]]",
    );
    expect(outcome).toMatchObject({ status: "completed", answer: "1990", calls: 3 });
    expect(sandbox.executed[0]?.code).toBe(
      "w, h = image_1.size\nprint(w, h)\nplt.imshow(image_1.crop((0, 0, w // 2, h // 2)))\nplt.show()",
    );
    expect(sandbox.prepared[0]?.images[0]?.data).toBe(image.data);
    expect(search.textQueries).toEqual(["Hubble Space Telescope launch year"]);
    const dataUri = `data:image/png;base64,${Buffer.from(image.data).toString("base64")}`;
    const sampling = {
      max_tokens: expect.any(Number),
      temperature: 0,
      top_p: 1,
      top_k: -1,
      repetition_penalty: 1,
      stop: ["</code>", "</tool_call>"],
      include_stop_str_in_output: true,
    };
    expect(bodies[0]).toEqual({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: "system", content: PROMPTS.SYSTEM_A },
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: dataUri } },
            {
              type: "text",
              text: PROMPTS.USER_A.replace("<image>", "").replace(
                "{question}",
                "When was this telescope launched? [[script:think-code-search-answer]]",
              ),
            },
          ],
        },
      ],
      ...sampling,
    });
    expect(bodies[0]?.max_tokens).toBe(8192);
    const second = bodies[1]!;
    expect(second).toMatchObject({ ...sampling, continue_final_message: true, add_generation_prompt: false });
    const msgs = second.messages as { role: string; content: unknown }[];
    expect(msgs.slice(2, 3)).toEqual([
      {
        role: "assistant",
        content:
          "<think>First measure the image and zoom on the label.</think>\n<code>\n```python\nw, h = image_1.size\nprint(w, h)\nplt.imshow(image_1.crop((0, 0, w // 2, h // 2)))\nplt.show()\n```\n</code>",
      },
    ]);
    expect(msgs[3]).toEqual({
      role: "user",
      content: [
        {
          type: "text",
          text: "Code execution result:\nstdout:\n```\n1008 868\n\n```\n\nstderr:\n```\n\n```\n\nImages:\n",
        },
        { type: "image_url", image_url: { url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/) } },
      ],
    });
    expect(msgs[4]).toEqual({ role: "assistant", content: "<think>" });
    const third = bodies[2]!.messages as { role: string; content: unknown }[];
    expect(third.slice(4)).toEqual([
      {
        role: "assistant",
        content:
          '<think>The label reads Hubble. I should confirm when it launched.</think>\n<tool_call>\n{"name": "search", "arguments": {"query": "Hubble Space Telescope launch year"}}\n</tool_call>',
      },
      {
        role: "user",
        content: [
          {
            type: "text",
            text: "<tool_response>\nA Google search for 'Hubble Space Telescope launch year' found 1 results:\n\n## Web Results\n1. [Hubble Space Telescope](https://science.nasa.gov/mission/hubble/)\n\nLaunched in 1990.\n</tool_response>",
          },
        ],
      },
      { role: "assistant", content: "<think>" },
    ]);
    const steps = reduceTrace(events).turns[0]!.steps.map((s) => s.kind);
    expect(steps).toEqual(["thought", "code", "thought", "search", "thought", "answer"]);
  });

  it("re-appends </code> when the server drops stop strings (§7 #1)", async () => {
    const lossy = await startMockVllm({ modelName: MODEL, honourIncludeStop: false });
    try {
      const { bodies, outcome } = await turn("[[script:crop-and-answer]]", { url: lossy.url, server: lossy });
      expect(outcome.status).toBe("completed");
      const assistant = (bodies[1]!.messages as { role: string; content: string }[])[2]!;
      expect(assistant.content.endsWith("plt.show()\nprint(crop.size)\n```\n</code>")).toBe(true);
      expect(assistant.content).not.toContain("must never be sent");
    } finally {
      await lossy.close();
    }
  });

  it("keeps Unicode, RTL text and emoji byte for byte", async () => {
    const { outcome, events } = await turn("ما هذا؟ 🤔 [[script:unicode]]");
    expect(outcome.answer).toBe("قف 🛑 — “stop”");
    const thought = events
      .filter((e) => e.type === "thought_delta")
      .map((e) => (e as { text: string }).text)
      .join("");
    expect(thought).toBe("النص بالعربية 👀 and emoji 🛑");
  });

  it.each([
    ["[[script:context-length]]", "model_context_length", /context/],
    ["[[script:too-many-images]]", "model_too_many_images", /--limit-mm-per-prompt/],
    ["[[script:server-error]]", "model_unavailable", /HTTP 500/],
    ["[[script:abort]]", "model_aborted", /abort/],
    ["[[script:drop]]", "model_stream_dropped", /dropped/],
    ["[[script:stream-error]]", "model_unavailable", /HTTP 500\): EngineCore encountered an issue/],
  ])("%s ends with a specific error and keeps what streamed", async (q, code, message) => {
    const { outcome, events } = await turn(q);
    expect(outcome.status).toBe("failed");
    expect(errors(events)).toEqual([{ type: "error", call: 1, code, message: expect.stringMatching(message) }]);
    if (/drop|abort|stream-error/.test(q)) expect(events.some((e) => e.type === "thought_delta")).toBe(true);
  });

  it("a 503 with Retry-After reaches the loop through the real client: tried again, and the turn completes", async () => {
    const clock = new FakeClock();
    const { outcome, events, bodies } = await turn(`Busy? ${Math.random()} [[script:busy-twice]]`, { clock });
    expect(outcome).toMatchObject({ status: "completed", answer: "Patience" });
    expect(bodies).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
    expect(events.filter((e) => e.type === "model_retry").map((e) => e.message)).toEqual([
      "Model busy, retrying in 1 s (attempt 2 of 3): the model server answered HTTP 503.",
      "Model busy, retrying in 1 s (attempt 3 of 3): the model server answered HTTP 503.",
    ]);
  });

  it("a server that keeps answering 429 gets 3 tries, then the turn fails as model_busy; a 500 gets one", async () => {
    const limited = await turn(`Limited? ${Math.random()} [[script:rate-limited]]`);
    expect(limited.bodies).toHaveLength(3);
    expect(errors(limited.events)).toEqual([
      {
        type: "error",
        call: 1,
        code: "model_busy",
        message: expect.stringMatching(/^The model server is busy \(HTTP 429\)/),
      },
    ]);
    expect((await turn("[[script:server-error]]")).bodies).toHaveLength(1);
  });

  it("401, unknown model and a closed port", async () => {
    expect(errors((await turn("x", { apiKey: "wrong" })).events)[0]).toMatchObject({ code: "model_unauthorized" });
    expect(errors((await turn("x", { modelName: "other" })).events)[0]).toMatchObject({
      code: "model_not_found",
      message: expect.stringContaining('"other"'),
    });
    expect(errors((await turn("x", { url: "http://127.0.0.1:9/v1" })).events)[0]).toMatchObject({
      code: "model_unavailable",
    });
  });

  it("connect, first-token and stall timeouts (configurable)", async () => {
    const hang = await turn("[[script:hang]]", { timeouts: { connectMs: 300 } });
    expect(errors(hang.events)[0]).toMatchObject({
      code: "model_timeout",
      message: expect.stringContaining("connect timeout"),
    });
    const stall = await turn("[[script:stall]]", { timeouts: { stallMs: 300 } });
    expect(errors(stall.events)[0]).toMatchObject({
      code: "model_timeout",
      message: expect.stringContaining("stall timeout"),
    });
    expect(stall.events.some((e) => e.type === "thought_delta")).toBe(true);
  });

  it("non-streaming requests and /v1/models answer like vLLM", async () => {
    const res = await fetch(`${mock.url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: JSON.stringify({
        model: MODEL,
        messages: [{ role: "user", content: "[[script:crop-and-answer]]" }],
        stop: ["</code>"],
      }),
    });
    const body = (await res.json()) as {
      choices: { message: { content: string }; finish_reason: string; stop_reason: string }[];
    };
    expect(body.choices[0]).toMatchObject({ finish_reason: "stop", stop_reason: "</code>" });
    expect(body.choices[0]!.message.content.endsWith("print(crop.size)\n```\n")).toBe(true);
    const both = await fetch(`${mock.url}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: JSON.stringify({
        model: MODEL,
        messages: [{ role: "assistant", content: "<think>" }],
        continue_final_message: true,
      }),
    });
    expect(both.status).toBe(400);
  });

  it("checkModelServer reports the context and probes the image limit", async () => {
    const ok = await checkModelServer({ baseUrl: mock.url, apiKey: "k", modelName: MODEL });
    expect(ok).toMatchObject({ ok: true, model: MODEL, problems: [] });
    const small = await startMockVllm({ modelName: MODEL, maxModelLen: 8192, maxImagesPerPrompt: 1 });
    try {
      const bad = await checkModelServer({ baseUrl: small.url, modelName: MODEL, probeImages: true });
      expect(bad.ok).toBe(false);
      expect(bad.problems).toEqual([
        expect.stringContaining("--max-model-len"),
        expect.stringContaining("at most 1 image"),
      ]);
      expect((await checkModelServer({ baseUrl: small.url, modelName: "nope" })).problems[0]).toContain(MODEL);
    } finally {
      await small.close();
    }
  });
});
