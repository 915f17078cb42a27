import { describe, expect, it } from "vitest";
import { PROMPTS } from "./prompts";
import { FakeSandbox, FakeSearch, fakeImage } from "./testing/fakes";
import { fence, ofType, setup } from "./testing/turn";
import { messagesFromEvents } from "./history";
import { reduceTrace } from "@/lib/trace";

const CODE_TURN = "<think>Zoom in.</think>\n" + fence("print(1)") + " trailing words after the stop";
const OBS_1 = "Code execution result:\nstdout:\n```\n1\n\n```\n\nstderr:\n```\n\n```";

describe("runTurn: request shape (§7 #33, #17)", () => {
  it("sends system A, [image, text] user content and the RL sampling on the first call", async () => {
    const t = setup([{ text: "<think>ok</think>\n<answer>STOP</answer>" }]);
    const { outcome } = await t.run();
    expect(outcome).toMatchObject({ status: "completed", answer: "STOP", calls: 1 });
    const [req] = t.model.requests;
    expect(req).toEqual({
      messages: [
        { role: "system", content: PROMPTS.SYSTEM_A },
        {
          role: "user",
          content: [
            { type: "image", image: { key: expect.any(String), width: 392, height: 504, mediaType: "image/png" } },
            {
              type: "text",
              text: PROMPTS.USER_A.replace("<image>", "").replace("{question}", "What does the sign say?"),
            },
          ],
        },
      ],
      maxTokens: 8192,
      temperature: 0,
      topP: 1,
      topK: -1,
      repetitionPenalty: 1,
      stop: ["</code>", "</tool_call>"],
      includeStopStrInOutput: true,
      continueFinalMessage: false,
    });
    const user = req?.messages[1]?.content;
    expect(Array.isArray(user) && user[1]?.type === "text" && user[1].text.startsWith("\nWhat does")).toBe(true);
  });

  it("uses system B and template B when no search is configured", async () => {
    const t = setup([{ text: "<answer>x</answer>" }], { search: new FakeSearch({ text: false, image: false }) });
    await t.run();
    expect(t.model.requests[0]?.messages[0]).toEqual({ role: "system", content: PROMPTS.SYSTEM_B });
    expect(t.model.requests[0]?.messages[1]?.content).toEqual([
      { type: "image", image: expect.anything() },
      { type: "text", text: PROMPTS.USER_B.replace("{question}", "What does the sign say?") },
    ]);
  });

  it("#1/#17/#34: re-appends a dropped </code>, runs the code, prefills <think> on the next call", async () => {
    const t = setup([{ text: CODE_TURN }, { text: "x</think>\n<answer>1</answer>" }], { honourIncludeStop: false });
    const { outcome, events } = await t.run();
    expect(outcome.status).toBe("completed");
    expect(t.sandbox.executed).toEqual([{ sessionId: "s1", code: "print(1)" }]);
    expect(t.sandbox.prepared[0]?.images).toHaveLength(1);
    const second = t.model.requests[1]!;
    expect(second.continueFinalMessage).toBe(true);
    expect(second.messages.slice(2)).toEqual([
      { role: "assistant", content: "<think>Zoom in.</think>\n" + fence("print(1)") },
      {
        role: "user",
        content: [{ type: "text", text: "Code execution result:\nstdout:\n```\n\n```\n\nstderr:\n```\n\n```" }],
      },
      { role: "assistant", content: "<think>" },
    ]);
    expect(outcome.messages.at(-1)).toEqual({ role: "assistant", content: "<think>x</think>\n<answer>1</answer>" });
    expect(ofType(events, "model_call_finished").map((e) => e.text.endsWith("</code>"))).toEqual([true, false]);
  });

  it("#2: does not double a kept stop string; the prefill can be turned off", async () => {
    const sandbox = new FakeSandbox([{ stdout: "1\n" }]);
    const t = setup([{ text: CODE_TURN }, { text: "<think>y</think><answer>1</answer>" }], {
      sandbox,
      options: { prefill: false },
    });
    await t.run();
    const second = t.model.requests[1]!;
    expect(second.continueFinalMessage).toBe(false);
    expect(second.messages.at(-2)).toEqual({
      role: "assistant",
      content: "<think>Zoom in.</think>\n" + fence("print(1)"),
    });
    expect(second.messages.at(-1)).toEqual({ role: "user", content: [{ type: "text", text: OBS_1 }] });
  });

  it("#32: a stop string split across 1-character chunks gives the same request", async () => {
    const a = setup([
      { text: CODE_TURN, chunk: 1 },
      { text: "</think><answer>1</answer>", chunk: 2 },
    ]);
    const b = setup([{ text: CODE_TURN }, { text: "</think><answer>1</answer>" }]);
    const ra = await a.run();
    const rb = await b.run();
    expect(a.model.requests).toEqual(b.model.requests);
    expect(reduceTrace(ra.events).turns[0]?.steps.map((s) => s.kind)).toEqual(
      reduceTrace(rb.events).turns[0]?.steps.map((s) => s.kind),
    );
  });

  it("#4: strips a trailing <|im_end|>", async () => {
    const t = setup([{ text: "<think>a</think><answer>B</answer><|im_end|>" }]);
    const { outcome } = await t.run();
    expect(outcome.messages.at(-1)?.content).toBe("<think>a</think><answer>B</answer>");
  });
});

describe("runTurn: code observations (§7 #18–#25)", () => {
  const run = async (result: ConstructorParameters<typeof FakeSandbox>[0][number], limits = {}) => {
    const t = setup([{ text: fence("x") }, { text: "</think><answer>1</answer>" }], {
      sandbox: new FakeSandbox([result]),
      limits,
    });
    const r = await t.run();
    return { ...t, ...r, obs: t.model.requests[1]!.messages.at(-2)! };
  };
  it("#18: three images → the text ends at Images:, then three image parts (no literal <image>)", async () => {
    const { obs } = await run({
      images: [fakeImage(640, 480, "a"), fakeImage(640, 480, "b"), fakeImage(640, 480, "c")],
    });
    const parts = obs.content as { type: string; text?: string }[];
    expect(parts[0]?.text?.endsWith("```\n\nImages:\n")).toBe(true);
    expect(parts[0]?.text).not.toContain("<image>");
    expect(parts.slice(1).map((p) => p.type)).toEqual(["image", "image", "image"]);
  });
  it("#19: twelve images → only the first ten reach the model; the trace keeps all", async () => {
    const images = Array.from({ length: 12 }, (_, i) => fakeImage(100, 100, `i${i}`));
    const { obs, events } = await run({ images });
    expect((obs.content as unknown[]).length).toBe(11);
    const [o] = ofType(events, "observation");
    expect(o?.observation.tool === "python" && [o.observation.result.images.length, o.observation.result.sent]).toEqual(
      [12, 10],
    );
  });
  it("per-trajectory image cap", async () => {
    const images = Array.from({ length: 5 }, (_, i) => fakeImage(100, 100, `i${i}`));
    const { obs } = await run({ images }, { maxImagesPerTrajectory: 3 });
    expect((obs.content as unknown[]).length).toBe(3); // text + the 2 left after the input image
  });
  it("#22: a blank figure is kept (RL)", async () => {
    const { obs } = await run({ images: [fakeImage(640, 480, "white")] });
    expect((obs.content as unknown[]).length).toBe(2);
  });
  it("#23: a 1 MB stdout is capped with a marker, the same way for stderr", async () => {
    const { obs } = await run({ stdout: "a".repeat(1_000_000), stderr: "b".repeat(30_000) });
    const text = (obs.content as { text: string }[])[0]!.text;
    expect(text).toContain("\n… [980000 characters omitted] …\n");
    expect(text).toContain("\n… [10000 characters omitted] …\n");
  });
  it("#25: a timeout is shown as stderr and the loop goes on", async () => {
    const { obs, outcome } = await run({ status: "timeout", stderr: "TimeOutError: code execution timed out" });
    expect((obs.content as { text: string }[])[0]!.text).toBe(
      "Code execution result:\nstdout:\n```\n\n```\n\nstderr:\n```\nTimeOutError: code execution timed out\n```",
    );
    expect(outcome.status).toBe("completed");
  });
  it("#26: an unreachable sandbox ends the turn with a clear error", async () => {
    const { PortError } = await import("./ports");
    const t = setup([{ text: fence("x") }], {
      sandbox: new FakeSandbox([new PortError("sandbox_unavailable", "The Python sandbox is not reachable.")]),
    });
    const { outcome, events } = await t.run();
    expect(outcome.status).toBe("failed");
    expect(ofType(events, "error")).toEqual([
      { type: "error", call: 1, code: "sandbox_unavailable", message: "The Python sandbox is not reachable." },
    ]);
    expect(t.model.requests).toHaveLength(1);
  });
});

describe("runTurn: ends (§7 #10, #14, #15, #16, #24, #29)", () => {
  it("#10: unfenced code ends with no answer (RL); lenient mode runs it", async () => {
    const strict = setup([{ text: "<think>t</think><code>\nprint(2)\n</code>" }]);
    const r = await strict.run();
    expect(r.outcome.status).toBe("no_answer");
    expect(ofType(r.events, "format_problem")[0]?.code).toBe("code_without_fence");
    expect(strict.sandbox.executed).toEqual([]);
    const lenient = setup([{ text: "<code>\nprint(2)\n</code>" }, { text: "</think><answer>2</answer>" }], {
      options: { lenientCode: true },
    });
    await lenient.run();
    expect(lenient.sandbox.executed.map((e) => e.code)).toEqual(["print(2)"]);
  });
  it("#14: an answer with a trailing code block runs nothing", async () => {
    const t = setup([{ text: "<think>t</think><answer>A</answer>" + fence("print(1)") }]);
    const { outcome } = await t.run();
    expect(outcome).toMatchObject({ status: "completed", answer: "A" });
    expect(t.sandbox.executed).toEqual([]);
  });
  it("#15: finish_reason length mid-think is truncated, no tool run", async () => {
    const t = setup([{ text: "<think>long " + fence("x").slice(0, 10), finishReason: "length" }]);
    expect((await t.run()).outcome.status).toBe("truncated");
    expect(t.sandbox.executed).toEqual([]);
  });
  it("#16: plain prose is the answer, with no re-query", async () => {
    const t = setup([{ text: "It says STOP. 🛑 (قف)" }]);
    const { outcome, events } = await t.run();
    expect(outcome).toMatchObject({ status: "completed", answer: "It says STOP. 🛑 (قف)" });
    expect(ofType(events, "answer")[0]).toMatchObject({ tagged: false });
    expect(t.model.requests).toHaveLength(1);
  });
  it("#24: an empty fenced body ends the turn without calling the sandbox", async () => {
    const t = setup([{ text: "<code>\n```python\n\n```\n</code>" }]);
    expect((await t.run()).outcome.status).toBe("no_answer");
    expect(t.sandbox.executed).toEqual([]);
  });
  it("#29: a model that never answers stops after exactly 9 calls", async () => {
    const t = setup(Array.from({ length: 12 }, () => ({ text: fence("x") })));
    const { outcome, events } = await t.run();
    expect(outcome).toMatchObject({ status: "limit", calls: 9 });
    expect(t.model.requests).toHaveLength(9);
    expect(ofType(events, "turn_finished")).toEqual([
      { type: "turn_finished", status: "limit", calls: 9, answer: undefined },
    ]);
  });
  it("cancellation ends the turn as cancelled", async () => {
    const controller = new AbortController();
    const t = setup([{ text: "<think>" + "a".repeat(50), chunk: 5 }], { signal: controller.signal });
    const gen = (await import("./loop")).runTurn(t.input);
    const seen: string[] = [];
    for await (const event of gen) {
      seen.push(event.type);
      if (event.type === "thought_delta") controller.abort();
    }
    expect(seen.at(-1)).toBe("turn_finished");
    expect(seen).not.toContain("model_call_finished");
  });
});

describe("messagesFromEvents", () => {
  it("rebuilds exactly the messages the loop ended with", async () => {
    const t = setup([{ text: CODE_TURN }, { text: "x</think>\n<answer>1</answer>" }]);
    const { events, outcome } = await t.run();
    expect(messagesFromEvents(events)).toEqual({
      messages: outcome.messages,
      callsUsed: 2,
      afterObservation: false,
      lastTurnFinished: true,
    });
  });
  it("drops a dangling assistant message of an interrupted turn and resumes with the prefill", async () => {
    const t = setup([{ text: CODE_TURN }, { text: "<think>next" + fence("y") }]);
    const { events } = await t.run();
    const cut = events.slice(0, events.findIndex((e) => e.type === "model_call_finished" && e.call === 2) + 1);
    const rebuilt = messagesFromEvents(cut);
    expect(rebuilt).toMatchObject({ callsUsed: 2, afterObservation: true, lastTurnFinished: false });
    expect(rebuilt.messages.at(-1)?.role).toBe("user");
    const resumed = setup([{ text: "</think><answer>done</answer>" }], {
      question: null,
      history: rebuilt.messages,
      resume: { callsUsed: rebuilt.callsUsed, afterObservation: rebuilt.afterObservation },
    });
    const r = await resumed.run();
    expect(r.outcome).toMatchObject({ status: "completed", calls: 3 });
    expect(resumed.model.requests[0]?.messages.at(-1)).toEqual({ role: "assistant", content: "<think>" });
    expect(messagesFromEvents([...cut, ...r.events]).messages).toEqual(r.outcome.messages);
  });
  it("a follow-up question appends a user turn with the new images and no new system prompt", async () => {
    const first = setup([{ text: "<answer>1</answer>" }]);
    const a = await first.run();
    const second = setup([{ text: "<answer>2</answer>" }], {
      question: "And this one?",
      history: a.outcome.messages,
      priorImages: first.input.images,
    });
    await second.run();
    const msgs = second.model.requests[0]!.messages;
    expect(msgs.filter((m) => m.role === "system")).toHaveLength(1);
    expect(msgs).toHaveLength(4);
    expect(msgs[3]?.content).toEqual([
      { type: "image", image: expect.anything() },
      { type: "text", text: expect.stringMatching(/^\nAnd this one\?\n\n/) },
    ]);
  });
});
