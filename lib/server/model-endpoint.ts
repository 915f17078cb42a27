// The model endpoint of this instance: its settings from lib/env, and the model id, taken from
// MODEL_NAME or else the first id the server lists at GET /models (remembered once found).
import "server-only";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { listModels, type ModelListing } from "@/lib/model/models";
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
  let listing: ModelListing;
  try {
    listing = await listModels({ baseUrl, apiKey, signal, fetch: fetcher });
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
  if (!listing.ok && (listing.status === 401 || listing.status === 403)) {
    throw new AppError("unavailable:model", `The model server at ${baseUrl} refused the API key. Check MODEL_API_KEY.`);
  }
  if (!listing.ok) {
    throw new AppError(
      "unavailable:model",
      `The model server at ${baseUrl} answered ${listing.status} to GET /models.`,
    );
  }
  const first = listing.models[0];
  if (!first) {
    throw new AppError("unavailable:model", `The model server at ${baseUrl} lists no models. Set MODEL_NAME.`);
  }
  return first.id;
}
