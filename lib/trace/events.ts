// The trace: what happened during one turn, as a list of JSON-serialisable events. Shared by the
// server (which persists and streams them) and the browser (which reduces them into steps).
// Images are referenced by blob key and size, never carried inline.

/** Bump when an event's shape changes incompatibly; stored runs keep the version they were written with. */
export const TRACE_VERSION = 1;

/** A stored image: `key` is the sha256 hex of the bytes in the blob store. */
export interface ImageRef {
  key: string;
  width: number;
  height: number;
  mediaType: "image/png" | "image/jpeg";
}

/** A box in `image_{source}` pixels, as computed by a code cell (for drawing crops on originals). */
export interface CropRef {
  source: number;
  box: [number, number, number, number];
  ops: string[];
}

/** A message as the model sees it; image parts reference stored images. */
export type ContentPart = { type: "text"; text: string } | { type: "image"; image: ImageRef };
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string | ContentPart[];
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export type TurnStatus = "completed" | "failed" | "cancelled" | "truncated" | "no_answer" | "limit";

export type ToolName = "python" | "search" | "image_search" | "zoom";

export interface CodeOutcome {
  status: "ok" | "error" | "timeout" | "crashed";
  stdout: string;
  stderr: string;
  /** Images the cell produced, in order (after the tool-image resize); `sent` says how many reached the model. */
  images: ImageRef[];
  sent: number;
  crops: CropRef[];
  durationMs: number;
  notice?: string;
}

export interface SearchHitRef {
  title: string;
  link: string;
  snippet?: string;
  date?: string;
}

export interface ImageSearchHitRef {
  title: string;
  link: string;
  thumbnail?: ImageRef;
}

export type Observation =
  | { tool: "python"; result: CodeOutcome }
  | { tool: "search"; queries: string[]; hits: SearchHitRef[][] }
  | { tool: "image_search"; hits: ImageSearchHitRef[]; reused: boolean }
  | { tool: "zoom"; box: [number, number, number, number]; source: number; image: ImageRef }
  /** The protocol's error observation (bad tool call, backend error): the model is told and goes on. */
  | { tool: "error"; text: string; detail?: string };

/** Stable codes for what went wrong; the message is a plain sentence for the user. */
export type TraceErrorCode =
  | "model_unavailable"
  | "model_busy"
  | "model_unauthorized"
  | "model_not_found"
  | "model_context_length"
  | "model_too_many_images"
  | "model_bad_request"
  | "model_timeout"
  | "model_stream_dropped"
  | "model_aborted"
  | "model_error"
  | "sandbox_unavailable"
  | "search_unavailable"
  | "image_unavailable"
  | "context_exhausted"
  | "internal";

export type FormatProblemCode =
  | "code_without_fence"
  | "code_unclosed"
  | "empty_code"
  | "no_action"
  | "answer_unclosed"
  | "stray_answer_close"
  | "invalid_tool_call"
  | "repeated_image_search";

/** The body of an event, as the agent loop emits it. The run layer adds `seq` and `at`. */
export type TraceEventBody =
  | {
      type: "turn_started";
      version: number;
      profile: string;
      question: string | null;
      images: ImageRef[];
      /** Messages this turn appended before the first model call (system on a first turn, then the user message). */
      messages: ChatMessage[];
    }
  | { type: "model_call_started"; call: number; prefill: string; maxTokens: number }
  | {
      /** The model server was busy (HTTP 429 or 503) before any token: the call is tried again after `waitMs`. */
      type: "model_retry";
      call: number;
      /** The try about to start (2 or 3) and the most there will be. */
      attempt: number;
      maxTries: number;
      waitMs: number;
      status?: number;
      /** "Model busy, retrying in 2 s (attempt 2 of 3): …" */
      message: string;
    }
  | { type: "thought_delta"; call: number; text: string }
  | { type: "code_delta"; call: number; text: string }
  | { type: "answer_delta"; call: number; text: string }
  | {
      type: "model_call_finished";
      call: number;
      /** The assistant message as appended to the conversation (prefill included, stop string restored). */
      text: string;
      finishReason: string;
      stopReason: string | null;
      usage?: Usage;
    }
  | { type: "code_final"; call: number; code: string }
  | { type: "tool_call"; call: number; name: string; arguments: unknown; raw: string }
  | { type: "tool_started"; call: number; tool: ToolName }
  | { type: "observation"; call: number; observation: Observation; message: ChatMessage }
  | { type: "answer"; call: number; text: string; tagged: boolean }
  | { type: "format_problem"; call: number; code: FormatProblemCode; message: string }
  | { type: "error"; call?: number; code: TraceErrorCode; message: string }
  | { type: "turn_finished"; status: TurnStatus; calls: number; answer?: string };

export type TraceEventType = TraceEventBody["type"];

/** The envelope the run layer adds: a per-run sequence number and an ISO timestamp. */
export type TraceEvent = TraceEventBody & { seq: number; at: string };
