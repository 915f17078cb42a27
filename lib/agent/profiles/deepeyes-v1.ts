// DeepEyes v1 (PROTOCOL §8): one zoom-in tool; the app crops the stored image itself.
import { modelInputSize, scaleBox } from "@/lib/images/resize";
import { decideV2, type Decision } from "../decide";
import type { ActionEvents, ModelProfile, ToolContext } from "../profile";
import { PROMPTS, pyStrip } from "../prompts";
import { pyJsonLoads } from "../pyjson";
import { storeImage } from "../store-image";
import { templateContent } from "./user-content";

const INVALID = "Error: ZOOM IN ARGUMENTS ARE INVALID";

export const deepeyesV1: ModelProfile = {
  id: "deepeyes-v1",
  label: "DeepEyes (v1)",
  limits: { maxCalls: 5, maxTokens: 10240 },
  // Eval settings; with skip_special_tokens the "<|im_end|>" stop never matches and EOS ends the call.
  sampling: {
    temperature: 0,
    topP: 1,
    topK: -1,
    repetitionPenalty: 1.0,
    stop: ["<|im_end|>"],
    includeStopStrInOutput: false,
  },
  prefill: null,
  systemPrompt: () => PROMPTS.SYSTEM_V1,
  userContent: (question, images) => templateContent("{question}" + PROMPTS.USER_V1, question, images),
  decide: (text) => decideV1(text),
  act: (decision, ctx) => zoom(decision.kind === "tool_call" ? decision.raw : "", ctx),
};

/** v1 has no code tool: `<code>` is ignored and only answer > tool_call apply. */
export function decideV1(text: string): Decision {
  return decideV2(text.replaceAll("<code>", "").replaceAll("</code>", ""));
}

async function* zoom(raw: string, ctx: ToolContext): ActionEvents {
  let call: unknown;
  try {
    call = pyJsonLoads(pyStrip(raw));
  } catch (error) {
    yield {
      type: "format_problem",
      call: ctx.call,
      code: "invalid_tool_call",
      message: "The model's tool call was not valid JSON.",
    };
    return err(`Error: Invalid tool call format: ${pyStrip(raw)}. Error: ${(error as Error).message}`);
  }
  const record = (typeof call === "object" && call !== null ? call : {}) as Record<string, unknown>;
  const name = typeof record.name === "string" ? record.name : JSON.stringify(record.name ?? null);
  yield { type: "tool_call", call: ctx.call, name, arguments: record.arguments, raw };
  if (name !== "image_zoom_in_tool") return err(`Error: Unknown tool name: ${name}`);
  const args = (typeof record.arguments === "object" && record.arguments !== null ? record.arguments : {}) as Record<
    string,
    unknown
  >;
  if (!("bbox_2d" in args)) return err("Error: 'bbox_2d'");
  const image = ctx.primaryImage;
  const bbox = args.bbox_2d;
  if (
    !image ||
    !Array.isArray(bbox) ||
    bbox.length !== 4 ||
    !bbox.every((n) => typeof n === "number" && Number.isFinite(n))
  )
    return err(INVALID);
  yield { type: "tool_started", call: ctx.call, tool: "zoom" };
  // bbox_2d is in the coordinates of the image as the model saw it (its smart_resize size).
  const seen = modelInputSize(image);
  const [x1, y1, x2, y2] = scaleBox(bbox as [number, number, number, number], seen, image);
  const box: [number, number, number, number] = [
    Math.max(0, x1),
    Math.max(0, y1),
    Math.min(image.width, x2),
    Math.min(image.height, y2),
  ];
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  if (w <= 0 || h <= 0 || Math.min(w, h) <= 30 || Math.max(w, h) / Math.min(w, h) > 100) return err(INVALID);
  const crop = await ctx.images.zoom(image, box);
  const ref = await storeImage(crop, ctx.blobs);
  const source = ctx.conversationImages.indexOf(image) + 1;
  return {
    kind: "observation",
    observation: { tool: "zoom", box, source, image: ref },
    content: [
      { type: "text", text: "<tool_response>" },
      { type: "image", image: ref },
      { type: "text", text: PROMPTS.USER_V1 },
      { type: "text", text: "</tool_response>" },
    ],
  };
}

function err(text: string) {
  return {
    kind: "observation" as const,
    observation: { tool: "error" as const, text },
    content: [{ type: "text" as const, text }],
  };
}
