// What one viewer of a run receives: the stored events after `afterSeq`, then live ones, in
// strict seq order with nothing lost or repeated. Live messages can arrive early (before the
// stored events that precede them) or not at all (another instance's notification dropped), so
// any gap is filled from storage, and storage is polled while the run is active.
import type { TraceEvent } from "@/lib/trace";
import type { BusMessage, RunBus } from "./bus";
import { replayAfter, type StoredEvent } from "./coalesce";

export interface WatchSource {
  bus: RunBus;
  /** Stored rows with seq > afterSeq, in order. */
  loadAfter(afterSeq: number): Promise<StoredEvent[]>;
  /** Whether the run has ended, and its last stored seq. */
  loadState(): Promise<{ final: boolean; lastSeq: number }>;
  /** Events this process published but has not stored yet (only when it executes the run). */
  unflushed?(): readonly TraceEvent[];
}

export interface WatchOptions {
  runId: string;
  afterSeq: number;
  signal?: AbortSignal;
  /** How often storage is checked while nothing arrives live. */
  pollMs?: number;
}

export async function* watchRun(source: WatchSource, options: WatchOptions): AsyncGenerator<TraceEvent, void> {
  const pollMs = options.pollMs ?? 1_000;
  const inbox: BusMessage[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = source.bus.subscribe(options.runId, (message) => {
    inbox.push(message);
    wake?.();
  });
  const onAbort = () => wake?.();
  options.signal?.addEventListener("abort", onAbort);
  let cursor = options.afterSeq;
  let ended = false;

  // Everything stored (and, in the executing process, buffered) after the cursor.
  async function* fill(): AsyncGenerator<TraceEvent> {
    for (const event of replayAfter(await source.loadAfter(cursor), cursor)) {
      if (event.seq !== cursor + 1 && event.seq <= cursor) continue;
      cursor = event.seq;
      yield event;
    }
    for (const event of source.unflushed?.() ?? []) {
      if (event.seq !== cursor + 1) continue;
      cursor = event.seq;
      yield event;
    }
  }

  try {
    yield* fill();
    while (!options.signal?.aborted) {
      let gap = false;
      while (inbox.length > 0) {
        const message = inbox.shift()!;
        if (message.kind === "status") {
          ended ||= ["completed", "failed", "cancelled", "interrupted"].includes(message.status);
          continue;
        }
        if (message.kind !== "event" || message.seq <= cursor) continue;
        if (message.seq === cursor + 1 && message.event) {
          cursor = message.seq;
          yield message.event;
        } else {
          gap = true;
        }
      }
      if (gap) yield* fill();
      if (ended) {
        // The run is over: deliver whatever is stored, then stop.
        const state = await source.loadState();
        yield* fill();
        if (cursor >= state.lastSeq) return;
      }
      const arrived = await new Promise<boolean>((resolve) => {
        if (inbox.length > 0 || options.signal?.aborted) return resolve(true);
        const timer = setTimeout(() => resolve(false), gap ? Math.min(pollMs, 100) : pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      wake = undefined;
      if (!arrived) {
        const state = await source.loadState();
        if (state.lastSeq > cursor) yield* fill();
        if (state.final) ended = true;
      }
    }
  } finally {
    unsubscribe();
    options.signal?.removeEventListener("abort", onAbort);
  }
}
