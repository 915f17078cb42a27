// The agent loop reaches the outside world only through these interfaces. `lib/sandbox` and
// `lib/search` implement them; unit tests pass fakes. Keep them free of I/O types (no Prisma,
// no Node streams) so the loop stays pure and testable.

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
