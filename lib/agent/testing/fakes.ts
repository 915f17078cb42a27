// In-memory ports for unit tests and benchmarks: a scripted model that applies stop strings the
// way vLLM does, and recording sandbox, search and blob fakes.
import { createHash } from "node:crypto";
import type { TraceEventBody } from "@/lib/trace/events";
import type {
  BlobPort,
  CellResult,
  EncodedImage,
  ImagePort,
  ImageSearchHit,
  ModelPort,
  ModelRequest,
  ModelStreamItem,
  SandboxPort,
  SearchPort,
  TextSearchHit,
} from "../ports";
import type { Clock } from "../backoff";
import type { TurnImage } from "../profile";

export interface ScriptedReply {
  /** What the model "generates"; stop strings inside it are applied as vLLM would. */
  text: string;
  finishReason?: string;
  /** Characters per delta (default: the whole text at once). */
  chunk?: number;
  /** Throw this instead of replying (after streaming `text`, if any). */
  error?: Error;
}

/** Applies `stop` to generated text: cut at the earliest stop string, keep it if asked (§5.1). */
export function applyStop(
  text: string,
  stop: string[],
  includeStop: boolean,
): { text: string; finishReason: string; stopReason: string | null } {
  let best: { at: number; s: string } | null = null;
  for (const s of stop) {
    const at = text.indexOf(s);
    if (at !== -1 && (!best || at < best.at)) best = { at, s };
  }
  if (!best) return { text, finishReason: "stop", stopReason: null };
  return { text: text.slice(0, best.at) + (includeStop ? best.s : ""), finishReason: "stop", stopReason: best.s };
}

/** A clock whose sleeps return at once and move its time on; records every wait. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(
    private time = Date.parse("2030-01-01T00:00:00Z"),
    private readonly jitter = 0.5,
  ) {}
  now(): number {
    return this.time;
  }
  random(): number {
    return this.jitter;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}

export class FakeModel implements ModelPort {
  readonly requests: ModelRequest[] = [];
  constructor(
    private readonly replies: ScriptedReply[],
    private readonly opts: { honourIncludeStop?: boolean } = {},
  ) {}

  async *stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelStreamItem> {
    this.requests.push(structuredClone(request));
    const reply = this.replies[this.requests.length - 1];
    if (!reply) throw new Error(`FakeModel has no reply for call ${this.requests.length}`);
    const cut = applyStop(
      reply.text,
      request.stop,
      request.includeStopStrInOutput && this.opts.honourIncludeStop !== false,
    );
    const size = reply.chunk ?? Math.max(1, cut.text.length);
    const chars = Array.from(cut.text);
    for (let i = 0; i < chars.length; i += size) {
      if (signal?.aborted) throw Object.assign(new Error("The request was cancelled."), { code: "aborted" });
      await Promise.resolve(); // deliver asynchronously, like a socket
      yield { delta: chars.slice(i, i + size).join("") };
    }
    if (reply.error) throw reply.error;
    yield {
      finish: {
        finishReason: reply.finishReason ?? cut.finishReason,
        stopReason: cut.stopReason,
        usage: { promptTokens: 10, completionTokens: 5 },
      },
    };
  }
}

export class FakeSandbox implements SandboxPort {
  readonly prepared: { sessionId: string; images: EncodedImage[] }[] = [];
  readonly executed: { sessionId: string; code: string }[] = [];
  constructor(private readonly results: (Partial<CellResult> | Error)[]) {}

  prepare(input: { sessionId: string; images: EncodedImage[] }) {
    this.prepared.push({ sessionId: input.sessionId, images: input.images });
    return Promise.resolve({});
  }
  execute(input: { sessionId: string; code: string }): Promise<CellResult> {
    this.executed.push({ sessionId: input.sessionId, code: input.code });
    const r = this.results[this.executed.length - 1] ?? {};
    if (r instanceof Error) return Promise.reject(r);
    return Promise.resolve({ status: "ok", stdout: "", stderr: "", images: [], crops: [], durationMs: 5, ...r });
  }
}

export class FakeSearch implements SearchPort {
  readonly textQueries: string[] = [];
  imageCalls = 0;
  constructor(
    readonly capabilities = { text: true, image: true },
    private readonly textHits: (q: string) => TextSearchHit[] | Error = (q) => [
      { title: `About ${q}`, link: "https://example.org/a", snippet: "A snippet." },
    ],
    private readonly imageHits: () => ImageSearchHit[] | Error = () => [],
  ) {}
  text(input: { query: string }) {
    this.textQueries.push(input.query);
    const r = this.textHits(input.query);
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
  }
  image() {
    this.imageCalls++;
    const r = this.imageHits();
    return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
  }
}

export class MemoryBlobs implements BlobPort {
  readonly store = new Map<string, Uint8Array>();
  put(input: { data: Uint8Array; mediaType: string }) {
    const key = createHash("sha256").update(input.data).digest("hex");
    this.store.set(key, input.data);
    return Promise.resolve({ key });
  }
}

/** Pass-through image port (sizes unchanged); use lib/images' createImagePort for real resizing. */
export const identityImages: ImagePort = {
  prepareToolImage: (image) => Promise.resolve(image),
  zoom: (image, box) =>
    Promise.resolve({ ...image, width: Math.round(box[2] - box[0]), height: Math.round(box[3] - box[1]) }),
};

export function fakeImage(width: number, height: number, tag = "img"): EncodedImage {
  return { data: new TextEncoder().encode(`${tag}-${width}x${height}`), mediaType: "image/png", width, height };
}

export function turnImage(width: number, height: number, tag = "input"): TurnImage {
  const image = fakeImage(width, height, tag);
  return { ...image, mediaType: "image/png", key: createHash("sha256").update(image.data).digest("hex") };
}

/** Drains a turn, returning its events and outcome. */
export async function collect<T>(
  gen: AsyncGenerator<TraceEventBody, T>,
): Promise<{ events: TraceEventBody[]; outcome: T }> {
  const events: TraceEventBody[] = [];
  for (;;) {
    const next = await gen.next();
    if (next.done) return { events, outcome: next.value };
    events.push(next.value);
  }
}
