// The agent loop reaches the outside world only through these interfaces. `lib/sandbox` and
// `lib/search` implement them; unit tests pass fakes. Keep them free of I/O types (no Prisma,
// no Node streams) so the loop stays pure and testable.
import type { ChatMessage } from "@/lib/trace/events";

/** An encoded image (PNG or JPEG bytes) with its pixel size. */
export interface EncodedImage {
  data: Uint8Array;
  mediaType: "image/png" | "image/jpeg";
  width: number;
  height: number;
}

/** Where a derived PIL image came from: a box in `image_{source}` pixel coordinates. */
export interface CropProvenance {
  /** 1-based index `i` of `image_i`. */
  source: number;
  /** [left, top, right, bottom] in `image_i` pixels. */
  box: [number, number, number, number];
  /** The chain of operations, e.g. ["crop", "resize"]. */
  ops: string[];
}

export interface CellImage extends EncodedImage {
  /** Set when the image shows (a transform of) a region of an input image. */
  provenance?: CropProvenance[];
}

export type CellStatus = "ok" | "error" | "timeout" | "crashed";

export interface CellResult {
  status: CellStatus;
  /** ANSI-stripped, capped (with a visible marker) stdout. */
  stdout: string;
  /** ANSI-stripped, capped stderr: tracebacks, timeouts, crash notes. */
  stderr: string;
  /** Every captured image, in order (the trace keeps up to a higher cap than the model gets). */
  images: CellImage[];
  /** Crop boxes the cell computed, in order, for drawing on the originals. */
  crops: CropProvenance[];
  /** Text of the last expression, if any (never shown to the model, per PROTOCOL §2.4). */
  result?: string;
  durationMs: number;
  /** A sentence for the user, e.g. "The Python kernel was restarted; earlier variables are gone." */
  notice?: string;
}

export interface SandboxPort {
  /**
   * Make sure the conversation's kernel exists and holds `image_1..image_N` with exactly these
   * pixels (PNG). Idempotent: images already loaded are not sent again.
   */
  prepare(input: { sessionId: string; images: EncodedImage[]; signal?: AbortSignal }): Promise<{
    notice?: string;
  }>;
  /** Run one cell of model-written code in the conversation's kernel. */
  execute(input: { sessionId: string; code: string; signal?: AbortSignal }): Promise<CellResult>;
}

export interface TextSearchHit {
  title: string;
  link: string;
  snippet?: string;
  date?: string;
}

export interface ImageSearchHit {
  title: string;
  link: string;
  /** The thumbnail, fetched SSRF-safely and re-encoded; absent when it could not be fetched. */
  thumbnail?: EncodedImage;
}

export interface SearchPort {
  /** Which tools are configured; decides system prompt A (search) or B (none). */
  readonly capabilities: { text: boolean; image: boolean };
  text(input: { sessionId: string; query: string; signal?: AbortSignal }): Promise<TextSearchHit[]>;
  /** Reverse image search of the conversation's original image. */
  image(input: { sessionId: string; image: EncodedImage; signal?: AbortSignal }): Promise<ImageSearchHit[]>;
}

/**
 * Errors the ports throw carry a plain sentence for the user; the loop turns them into the
 * protocol's error observation or a trace error event.
 */
export class PortError extends Error {
  constructor(
    readonly code:
      | "sandbox_unavailable"
      | "search_unavailable"
      | "search_auth"
      | "search_rate_limited"
      | "search_timeout"
      | "search_bad_response"
      | "search_not_configured",
    message: string,
  ) {
    super(message);
    this.name = "PortError";
  }
}

/** Content-addressed image storage, as the loop sees it (implemented by `lib/blobs`). */
export interface BlobPort {
  /** Store bytes; returns the sha256 hex key. Idempotent for identical bytes. */
  put(input: { data: Uint8Array; mediaType: string }): Promise<{ key: string }>;
}

/**
 * Image operations the loop needs but must not do itself (sharp lives in `lib/images`).
 * Added for the agent loop; `createImagePort()` in `lib/images` implements it.
 */
export interface ImagePort {
  /** PROTOCOL §2.7 `maybe_resize_image` for a tool-returned image; returns it unchanged when no resize is needed. */
  prepareToolImage(image: EncodedImage): Promise<EncodedImage>;
  /**
   * DeepEyes v1 zoom (§8): crop `box` (in `image` pixels, already validated and clamped), then resize the
   * crop to its smart_resize size (bicubic) and encode as PNG.
   */
  zoom(image: EncodedImage, box: [number, number, number, number]): Promise<EncodedImage>;
}

/** A streamed model response, one item per text delta, then exactly one `finish` unless it throws. */
export type ModelStreamItem =
  | { delta: string }
  | {
      finish: {
        /** `stop`, `length`, or `abort` (vLLM), passed through as the server said it. */
        finishReason: string;
        /** vLLM's matched stop string (or token id as a string); null for EOS. */
        stopReason: string | null;
        usage?: { promptTokens: number; completionTokens: number };
      };
    };

/** One chat-completions request, in the loop's terms; `lib/model` turns it into the vLLM body. */
export interface ModelRequest {
  messages: ChatMessage[];
  maxTokens: number;
  temperature: number;
  topP: number;
  topK: number;
  repetitionPenalty: number;
  stop: string[];
  includeStopStrInOutput: boolean;
  /** True when the last message is an assistant prefill to continue (sends `add_generation_prompt: false`). */
  continueFinalMessage: boolean;
}

/** The model endpoint as the loop sees it. Errors are `ModelError`s from `lib/model` (or any Error). */
export interface ModelPort {
  stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelStreamItem>;
}
