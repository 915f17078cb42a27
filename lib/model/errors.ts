// Model endpoint failures as typed errors with a sentence for the user (and the operator).
export type ModelErrorCode =
  | "unavailable"
  | "busy"
  | "unauthorized"
  | "model_not_found"
  | "context_length"
  | "too_many_images"
  | "bad_request"
  | "timeout"
  | "stream_dropped"
  | "aborted";

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    readonly details: {
      status?: number;
      promptTokens?: number;
      contextLength?: number;
      maxImages?: number;
      /** The Retry-After header of a busy answer (429, 503), as sent. */
      retryAfter?: string;
    } = {},
  ) {
    super(message);
    this.name = "ModelError";
  }
  /** Read by the agent loop to retry a context-length 400 once with the room left. */
  get promptTokens(): number | undefined {
    return this.details.promptTokens;
  }
  get contextLength(): number | undefined {
    return this.details.contextLength;
  }
  /** Read by the agent loop to pace its retries of a busy server. */
  get retryAfter(): string | undefined {
    return this.details.retryAfter;
  }
}

/** Maps an HTTP error from an OpenAI-compatible server to a ModelError. */
export function errorFromStatus(
  status: number,
  serverMessage: string,
  model: string,
  retryAfter?: string | null,
): ModelError {
  const said = serverMessage.trim() || `HTTP ${status}`;
  // Overloaded (vLLM's queue full, a gateway's rate limit): the only errors the loop retries.
  if (status === 429 || status === 503)
    return new ModelError("busy", `The model server is busy (HTTP ${status}): ${said}`, {
      status,
      ...(retryAfter ? { retryAfter } : {}),
    });
  if (status === 401 || status === 403)
    return new ModelError(
      "unauthorized",
      `The model server refused the API key (HTTP ${status}); check the configured model API key.`,
      { status },
    );
  if (status === 404)
    return new ModelError(
      "model_not_found",
      `The model server does not serve a model named "${model}"; check the model name against GET /v1/models.`,
      { status },
    );
  if (status === 400 || status === 413 || status === 422) {
    const images = /At most (\d+) image/i.exec(said);
    if (images)
      return new ModelError(
        "too_many_images",
        `The model server accepts at most ${images[1]} image(s) per request; restart vLLM with --limit-mm-per-prompt '{"image": 50}' (see docs/serving.md).`,
        { status, maxImages: Number(images[1]) },
      );
    const context = parseContextError(said);
    if (context)
      return new ModelError(
        "context_length",
        `The conversation no longer fits the model's ${context.contextLength ? `${context.contextLength}-token ` : ""}context; start a new conversation or raise --max-model-len.`,
        { status, ...context },
      );
    return new ModelError("bad_request", `The model server rejected the request: ${said}`, { status });
  }
  return new ModelError("unavailable", `The model server failed (HTTP ${status}): ${said}`, { status });
}

/** vLLM's two wordings of the context-length 400 (older and newer releases). */
export function parseContextError(message: string): { contextLength?: number; promptTokens?: number } | null {
  if (!/maximum context length|context length/i.test(message)) return null;
  const max = /maximum context length is (\d+)/i.exec(message);
  const prompt = /\((\d+) in the messages/i.exec(message) ?? /request has (\d+) input tokens/i.exec(message);
  return { contextLength: max ? Number(max[1]) : undefined, promptTokens: prompt ? Number(prompt[1]) : undefined };
}
