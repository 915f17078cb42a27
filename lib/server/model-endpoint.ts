// The model endpoint of this instance: its settings from lib/env, and the model id, taken from
// MODEL_NAME or else the first id the server lists at GET /models (remembered once found).
import "server-only";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { endpointRefusalOf } from "@/lib/net/endpoint-policy";

export interface ModelEndpoint {
  baseUrl: string;
  apiKey?: string;
  model: string;
}

let discovered: { baseUrl: string; model: string } | undefined;

/** `fetch`: how GET /models is sent (a guarded fetch when the URL is a workspace's own). */
export async function resolveModelEndpoint(
  e: Env,
  signal?: AbortSignal,
  fetcher: typeof fetch = fetch,
): Promise<ModelEndpoint> {
  if (!e.MODEL_BASE_URL) {
    throw new AppError(
      "unavailable:model",
      "No model server is configured. Set MODEL_BASE_URL to your vLLM server's URL ending in /v1 (see docs/serving.md).",
    );
  }
  const baseUrl = e.MODEL_BASE_URL.replace(/\/+$/, "");
  if (e.MODEL_NAME) return { baseUrl, apiKey: e.MODEL_API_KEY, model: e.MODEL_NAME };
  if (discovered?.baseUrl === baseUrl) return { baseUrl, apiKey: e.MODEL_API_KEY, model: discovered.model };
  const model = await firstServedModel(baseUrl, e.MODEL_API_KEY, signal, fetcher);
  discovered = { baseUrl, model };
  return { baseUrl, apiKey: e.MODEL_API_KEY, model };
}

async function firstServedModel(
  baseUrl: string,
  apiKey: string | undefined,
  signal: AbortSignal | undefined,
  fetcher: typeof fetch,
): Promise<string> {
  let response: Response;
  try {
    response = await fetcher(`${baseUrl}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: signal ?? AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const refused = endpointRefusalOf(error);
    if (refused) throw new AppError("forbidden:endpoint", refused.message, { cause: error });
    throw new AppError(
      "unavailable:model",
      `The model server at ${baseUrl} could not be reached (${(error as Error).message}).`,
      {
        cause: error,
      },
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new AppError("unavailable:model", `The model server at ${baseUrl} refused the API key. Check MODEL_API_KEY.`);
  }
  if (!response.ok) {
    throw new AppError(
      "unavailable:model",
      `The model server at ${baseUrl} answered ${response.status} to GET /models.`,
    );
  }
  const body = (await response.json().catch(() => null)) as { data?: { id?: unknown }[] } | null;
  const id = body?.data?.[0]?.id;
  if (typeof id !== "string" || id === "") {
    throw new AppError("unavailable:model", `The model server at ${baseUrl} lists no models. Set MODEL_NAME.`);
  }
  return id;
}
