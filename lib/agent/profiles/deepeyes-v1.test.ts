import { describe, expect, it } from "vitest";
import { PROMPTS } from "../prompts";
import { turnImage } from "../testing/fakes";
import { ofType, setup } from "../testing/turn";
import { deepeyesV1 } from "./deepeyes-v1";

const zoom = (args: string) =>
  `<think>look</think>\n<tool_call>\n{"name": "image_zoom_in_tool", "arguments": ${args}}\n</tool_call>`;

describe("DeepEyes v1 profile (§8)", () => {
  it("sends the v1 prompts, crops with scaled coordinates and observes with the instruction repeated", async () => {
    // Stored 1000x868 is not a multiple of 28: the model saw 1008x868, so x scales by 1000/1008.
    const image = turnImage(1000, 868);
    const t = setup(
      [{ text: zoom(`{"bbox_2d": [100, 100, 604, 400], "label": "sign"}`) }, { text: "<answer>A</answer>" }],
      {
        profile: deepeyesV1,
        images: [image],
        question: "What colour is the sign?",
      },
    );
    const { outcome, events } = await t.run();
    expect(outcome).toMatchObject({ status: "completed", answer: "A" });
    const [first, second] = t.model.requests;
    expect(first?.messages).toEqual([
      { role: "system", content: PROMPTS.SYSTEM_V1 },
      {
        role: "user",
        content: [
          { type: "image", image: expect.anything() },
          { type: "text", text: "What colour is the sign?" + PROMPTS.USER_V1 },
        ],
      },
    ]);
    expect(first).toMatchObject({
      stop: ["<|im_end|>"],
      includeStopStrInOutput: false,
      maxTokens: 10240,
      continueFinalMessage: false,
    });
    expect(second?.continueFinalMessage).toBe(false);
    const obs = ofType(events, "observation")[0]!;
    expect(obs.observation).toMatchObject({ tool: "zoom", source: 1 });
    const box = obs.observation.tool === "zoom" ? obs.observation.box : [];
    expect(box.map((n) => Math.round(n * 100) / 100)).toEqual([99.21, 100, 599.21, 400]);
    expect(obs.message.content).toEqual([
      { type: "text", text: "<tool_response>" },
      { type: "image", image: expect.objectContaining({ width: 500, height: 300 }) },
      { type: "text", text: PROMPTS.USER_V1 },
      { type: "text", text: "</tool_response>" },
    ]);
  });
  it("rejects tiny or inverted boxes and missing bbox_2d with RL's errors", async () => {
    const cases: [string, string][] = [
      [zoom(`{"bbox_2d": [10, 10, 30, 30]}`), "Error: ZOOM IN ARGUMENTS ARE INVALID"],
      [zoom(`{"bbox_2d": [300, 300, 100, 100]}`), "Error: ZOOM IN ARGUMENTS ARE INVALID"],
      [zoom(`{"label": "x"}`), "Error: 'bbox_2d'"],
      [`<tool_call>{"name": "crop"}</tool_call>`, "Error: Unknown tool name: crop"],
    ];
    for (const [text, expected] of cases) {
      const t = setup([{ text }, { text: "<answer>A</answer>" }], {
        profile: deepeyesV1,
        images: [turnImage(1000, 868)],
      });
      await t.run();
      expect(t.model.requests[1]?.messages.at(-1)).toEqual({
        role: "user",
        content: [{ type: "text", text: expected }],
      });
    }
  });
});
