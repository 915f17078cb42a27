// Health check of the model server for `loupe doctor` and /api/health: reachable, key accepted,
// model served, context long enough; optionally a tiny two-image probe for --limit-mm-per-prompt.
import { endpointRefusalOf } from "@/lib/net/endpoint-policy";
import { errorFromStatus } from "./errors";
import { listModels, type ModelListing } from "./models";

export interface CheckModelServerInput {
  baseUrl: string;
  apiKey?: string;
  modelName: string;
  /** Send a 1-token request carrying two tiny images to detect a per-prompt image limit below 2 (opt-in: it runs the model). */
  probeImages?: boolean;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CheckModelServerResult {
  ok: boolean;
  latencyMs: number;
  model?: string;
  problems: string[];
  warnings: string[];
}

/** RL used a 32k context; below ~12k one 8192-token answer plus an image no longer fits. */
export const RECOMMENDED_CONTEXT = 32768;
export const MINIMUM_CONTEXT = 12288;

// A 56×56 grey PNG (the smallest size Qwen accepts without resizing).
const PROBE_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAADgAAAA4CAIAAAAn5KxJAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAbklEQVRogdXOQREAAAyDMKQjfRb62xEFwQiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAiMwAi+A6sDjN5hD6Nuto0AAAAASUVORK5CYII=";

export async function checkModelServer(input: CheckModelServerInput): Promise<CheckModelServerResult> {
  const doFetch = input.fetch ?? fetch;
  const base = input.baseUrl.replace(/\/+$/, "");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (input.apiKey) headers.authorization = `Bearer ${input.apiKey}`;
  const problems: string[] = [];
  const warnings: string[] = [];
  const started = performance.now();
  let listing: ModelListing;
  try {
    listing = await listModels({
      baseUrl: base,
      apiKey: input.apiKey,
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
      fetch: doFetch,
    });
  } catch (error) {
    return {
      ok: false,
      latencyMs: performance.now() - started,
      problems: [endpointRefusalOf(error)?.message ?? `The model server at ${base} is not reachable; is vLLM running?`],
      warnings,
    };
  }
  const { latencyMs } = listing;
  if (!listing.ok) {
    problems.push(errorFromStatus(listing.status, listing.body, input.modelName).message);
    return { ok: false, latencyMs, problems, warnings };
  }
  const entry = listing.models.find((m) => m.id === input.modelName);
  if (!entry) {
    const served = listing.models.map((m) => m.id).join(", ") || "none";
    problems.push(
      `The model server does not serve "${input.modelName}" (it serves: ${served}); set the model name to one of these.`,
    );
    return { ok: false, latencyMs, problems, warnings };
  }
  const context = entry.maxModelLen;
  if (typeof context === "number") {
    if (context < MINIMUM_CONTEXT)
      problems.push(
        `The model's context is ${context} tokens; turns need at least ${MINIMUM_CONTEXT} (restart vLLM with --max-model-len ${RECOMMENDED_CONTEXT}).`,
      );
    else if (context < RECOMMENDED_CONTEXT)
      warnings.push(
        `The model's context is ${context} tokens; long turns with several images may be cut short (DeepEyesV2 was trained with ${RECOMMENDED_CONTEXT}).`,
      );
  } else {
    warnings.push("The server does not report its context length (max_model_len); it could not be checked.");
  }
  if (input.probeImages) {
    const probe = await probeTwoImages(doFetch, base, headers, input.modelName, input.timeoutMs ?? 60_000);
    if (probe) problems.push(probe);
  } else {
    warnings.push(
      "The images-per-prompt limit was not probed; run the check with the image probe to verify --limit-mm-per-prompt.",
    );
  }
  return { ok: problems.length === 0, latencyMs, model: entry.id, problems, warnings };
}

/** Returns a problem sentence when the server rejects two images in one prompt, else null. */
async function probeTwoImages(
  doFetch: typeof fetch,
  base: string,
  headers: Record<string, string>,
  model: string,
  timeoutMs: number,
): Promise<string | null> {
  const image = { type: "image_url", image_url: { url: `data:image/png;base64,${PROBE_PNG}` } };
  try {
    const response = await doFetch(`${base}/chat/completions`, {
      method: "POST",
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      body: JSON.stringify({
        model,
        max_tokens: 1,
        messages: [{ role: "user", content: [image, image, { type: "text", text: "ok" }] }],
      }),
    });
    if (response.ok) return null;
    return errorFromStatus(response.status, await response.text(), model).message;
  } catch {
    return "The two-image probe request did not complete; the images-per-prompt limit is unknown.";
  }
}
