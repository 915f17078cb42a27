// How a model failure reaches the trace. The loop cannot import lib/model (it only knows ModelPort),
// so it reads the `code` a ModelError carries and falls back to a generic sentence.
import type { TraceErrorCode } from "@/lib/trace/events";

const CODES: Record<string, TraceErrorCode> = {
  unavailable: "model_unavailable",
  busy: "model_busy",
  unauthorized: "model_unauthorized",
  model_not_found: "model_not_found",
  context_length: "model_context_length",
  too_many_images: "model_too_many_images",
  bad_request: "model_bad_request",
  timeout: "model_timeout",
  stream_dropped: "model_stream_dropped",
  aborted: "model_aborted",
};

export interface ModelFailure {
  code: TraceErrorCode;
  message: string;
  /** Set for context-length errors when the server said how long the prompt is. */
  promptTokens?: number;
  contextLength?: number;
  /** Set for busy answers (429, 503): the HTTP status and the Retry-After header as sent. */
  status?: number;
  retryAfter?: string;
}

export function describeModelError(error: unknown): ModelFailure {
  const e = error as {
    code?: unknown;
    message?: unknown;
    promptTokens?: unknown;
    contextLength?: unknown;
    retryAfter?: unknown;
    details?: { status?: unknown };
  };
  const code = typeof e?.code === "string" ? CODES[e.code] : undefined;
  const message =
    typeof e?.message === "string" && e.message ? e.message : "The model server failed in an unexpected way.";
  return {
    code: code ?? "model_error",
    message: code ? message : `The model call failed: ${message}`,
    promptTokens: typeof e?.promptTokens === "number" ? e.promptTokens : undefined,
    contextLength: typeof e?.contextLength === "number" ? e.contextLength : undefined,
    status: typeof e?.details?.status === "number" ? e.details.status : undefined,
    retryAfter: typeof e?.retryAfter === "string" ? e.retryAfter : undefined,
  };
}
