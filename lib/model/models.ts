// Listing a server's models: GET {baseUrl}/models on an OpenAI-compatible server (vLLM answers
// `{ object: "list", data: [{ id, max_model_len, … }] }`). The one request and the one parser behind
// the model check (./check) and the discovery of the served model (lib/server/model-endpoint).

export interface ServedModel {
  id: string;
  /** vLLM's context length for the model, when the server reports it. */
  maxModelLen?: number;
}

export type ModelListing =
  | { ok: true; models: ServedModel[]; /** Until the response headers arrived. */ latencyMs: number }
  | { ok: false; status: number; body: string; latencyMs: number };

export interface ListModelsInput {
  /** The server's OpenAI base URL, ending in /v1 (trailing slashes are ignored). */
  baseUrl: string;
  apiKey?: string;
  signal?: AbortSignal;
  /** How the request is sent (a guarded fetch when the URL is a workspace's own). */
  fetch?: typeof fetch;
}

/**
 * The models a server lists. Throws what `fetch` throws when the server cannot be reached (or the
 * endpoint policy refuses it); a non-2xx answer comes back with its status and body.
 */
export async function listModels(input: ListModelsInput): Promise<ModelListing> {
  const doFetch = input.fetch ?? fetch;
  const base = input.baseUrl.replace(/\/+$/, "");
  const started = performance.now();
  const response = await doFetch(`${base}/models`, {
    headers: input.apiKey ? { authorization: `Bearer ${input.apiKey}` } : {},
    signal: input.signal ?? AbortSignal.timeout(10_000),
  });
  const latencyMs = performance.now() - started;
  if (!response.ok) {
    return { ok: false, status: response.status, body: await response.text().catch(() => ""), latencyMs };
  }
  return { ok: true, models: parseModelList(await response.json().catch(() => null)), latencyMs };
}

/**
 * The entries of a `/models` answer that name a model: `data[]` items with a non-empty string `id`,
 * with `max_model_len` when it is a number. Anything else (not JSON, no `data` array, entries
 * without an id) lists nothing rather than throwing.
 */
export function parseModelList(body: unknown): ServedModel[] {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data)) return [];
  const models: ServedModel[] = [];
  for (const entry of data as unknown[]) {
    if (!isRecord(entry) || typeof entry.id !== "string" || entry.id === "") continue;
    const maxModelLen = entry.max_model_len;
    models.push(typeof maxModelLen === "number" ? { id: entry.id, maxModelLen } : { id: entry.id });
  }
  return models;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
