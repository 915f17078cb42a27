// ModelPort over an OpenAI-compatible server (vLLM), using the `openai` SDK for transport and
// streaming. Three timers guard a call: connect (until response headers), first token, and stall
// between chunks. Nothing is retried here (maxRetries 0): the loop retries a busy server (429, 503,
// with its Retry-After) and a context-length 400 once (lib/agent/loop.ts).
import OpenAI, { APIConnectionError, APIError } from "openai";
import type { ModelPort, ModelRequest, ModelStreamItem } from "@/lib/agent/ports";
import { errorFromStatus, ModelError } from "./errors";
import { endpointRefusalOf } from "@/lib/net/endpoint-policy";
import { eventStreamOf, nodeFetch } from "./node-fetch";
import { SseDecoder, type SseMessage } from "./sse-decoder";
import type { ImageUrlResolver } from "./image-urls";
import { toVllmBody } from "./request-body";

export interface ModelTimeouts {
  connectMs: number;
  firstTokenMs: number;
  stallMs: number;
}

export const DEFAULT_TIMEOUTS: ModelTimeouts = { connectMs: 10_000, firstTokenMs: 120_000, stallMs: 60_000 };

export interface ModelClientConfig {
  /** e.g. http://localhost:8000/v1 */
  baseUrl: string;
  apiKey?: string;
  model: string;
  imageUrl: ImageUrlResolver;
  timeouts?: Partial<ModelTimeouts>;
  /** How requests are sent (default nodeFetch; a guarded one for a workspace's own server). */
  fetch?: typeof fetch;
}

type Phase = "connect" | "first token" | "stall";

export function createModelClient(config: ModelClientConfig): ModelPort {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  const client = new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey || "EMPTY",
    maxRetries: 0,
    timeout: 24 * 3600_000,
    fetch: config.fetch ?? nodeFetch,
  });

  async function* stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelStreamItem> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut: Phase | null = null;
    let timer: NodeJS.Timeout | undefined;
    let armed: Phase | undefined;
    const arm = (phase: Phase, ms: number) => {
      // Re-arming the same phase (every chunk) just restarts its timer.
      if (armed === phase && timer) return void timer.refresh();
      clearTimeout(timer);
      armed = phase;
      timer = setTimeout(() => {
        timedOut = phase;
        controller.abort();
      }, ms);
    };
    let connected = false;
    let finish: Extract<ModelStreamItem, { finish: unknown }>["finish"] | undefined;
    try {
      if (signal?.aborted) throw new ModelError("aborted", "The request was cancelled.");
      const body = await toVllmBody(request, config.model, config.imageUrl);
      arm("connect", timeouts.connectMs);
      // The SDK sends the request and turns HTTP errors into APIErrors; the stream itself is read
      // here (see sse-decoder.ts).
      const response = await client.chat.completions
        .create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal: controller.signal })
        .asResponse();
      // Read as a Node stream when nodeFetch made it (the common case), else as a web stream.
      // (Node's web streams are async iterable; the DOM typings do not say so.)
      const source = eventStreamOf(response) ?? (response.body as AsyncIterable<Uint8Array> | null);
      if (!source) throw new TypeError("The model server's response has no body.");
      connected = true;
      arm("first token", timeouts.firstTokenMs);
      let gotToken = false;
      const decoder = new SseDecoder();
      let ended = false;
      try {
        const chunks = source[Symbol.asyncIterator]();
        for (let read = await chunks.next(); ; read = await chunks.next()) {
          ended = read.done === true;
          for (const message of read.done ? decoder.end() : decoder.push(read.value)) {
            if (message.data.startsWith("[DONE]")) continue;
            const chunk = parseChunk(message, config.model);
            // vLLM adds `stop_reason` next to `finish_reason`.
            const choice = chunk.choices?.[0];
            const delta = choice?.delta?.content;
            if (delta) {
              gotToken = true;
              yield { delta };
            }
            if (gotToken || choice?.finish_reason) arm("stall", timeouts.stallMs);
            if (choice?.finish_reason)
              finish = {
                finishReason: choice.finish_reason,
                stopReason: choice.stop_reason == null ? null : String(choice.stop_reason),
              };
            if (chunk.usage && finish)
              finish.usage = {
                promptTokens: chunk.usage.prompt_tokens,
                completionTokens: chunk.usage.completion_tokens,
              };
          }
          if (read.done) break;
        }
      } finally {
        // Leaving early (an error, the consumer stopped): close the connection.
        if (!ended) controller.abort();
      }
      if (timedOut || signal?.aborted) throw new Error("aborted");
      // A stream that ends without a finish_reason was cut off; the loop reports it.
      if (finish) yield { finish };
    } catch (error) {
      throw toModelError(error, { timedOut, connected, aborted: signal?.aborted ?? false, timeouts, config });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
  return { stream };
}

/** What a streamed chunk carries that the client reads. */
interface StreamChunk {
  choices?: {
    delta?: { content?: string | null };
    finish_reason?: string | null;
    stop_reason?: string | number | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  error?: { message?: unknown; code?: unknown };
  object?: string;
  message?: unknown;
  code?: unknown;
}

/** One `data:` payload; an error object in the stream (vLLM sends one when generation fails) throws. */
function parseChunk(message: SseMessage, model: string): StreamChunk {
  let chunk: StreamChunk;
  try {
    chunk = JSON.parse(message.data) as StreamChunk;
  } catch {
    throw new ModelError(
      "stream_dropped",
      "The model server sent a chunk that is not JSON mid-answer; what arrived so far is kept.",
    );
  }
  // Newer vLLM sends {"error": {message, code}}, older releases the same fields at the top level.
  const error = chunk.error ?? (chunk.object === "error" ? chunk : undefined);
  if (error || message.event === "error") {
    const said = typeof error?.message === "string" ? error.message : message.data;
    const status = typeof error?.code === "number" && error.code >= 400 ? error.code : 500;
    throw errorFromStatus(status, said, model);
  }
  return chunk;
}

function toModelError(
  error: unknown,
  ctx: {
    timedOut: Phase | null;
    connected: boolean;
    aborted: boolean;
    timeouts: ModelTimeouts;
    config: ModelClientConfig;
  },
): ModelError {
  if (error instanceof ModelError) return error;
  if (ctx.timedOut) {
    const ms =
      ctx.timedOut === "connect"
        ? ctx.timeouts.connectMs
        : ctx.timedOut === "first token"
          ? ctx.timeouts.firstTokenMs
          : ctx.timeouts.stallMs;
    const what =
      ctx.timedOut === "connect"
        ? "did not respond"
        : ctx.timedOut === "first token"
          ? "sent no text"
          : "stopped sending text";
    return new ModelError(
      "timeout",
      `The model server ${what} for ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`} (${ctx.timedOut} timeout); what arrived so far is kept.`,
    );
  }
  if (ctx.aborted) return new ModelError("aborted", "The request was cancelled.");
  if (error instanceof APIError && typeof error.status === "number") {
    const body = error.error as { message?: unknown } | undefined;
    const message = typeof body?.message === "string" ? body.message : error.message;
    return errorFromStatus(error.status, message, ctx.config.model, error.headers?.get("retry-after"));
  }
  if (ctx.connected)
    return new ModelError(
      "stream_dropped",
      "The connection to the model server dropped mid-answer; what arrived so far is kept.",
    );
  const refused = endpointRefusalOf(error);
  if (refused) return new ModelError("unavailable", refused.message);
  if (error instanceof APIConnectionError || error instanceof TypeError)
    return new ModelError(
      "unavailable",
      `The model server at ${ctx.config.baseUrl} is not reachable; is vLLM running?`,
    );
  return new ModelError("unavailable", `The model call failed: ${(error as Error)?.message ?? String(error)}`);
}
