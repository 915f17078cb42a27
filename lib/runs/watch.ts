// What one viewer of a run receives: the stored events after `afterSeq`, then live ones, in
// strict seq order with nothing lost or repeated. Live messages can arrive early (before the
// stored events that precede them) or not at all (another instance's notification dropped), so
// any gap is filled from storage, and storage is polled while the run is active.
import type { TraceEvent } from "@/lib/trace";
import type { BusMessage, RunBus } from "./bus";
import { replayAfter, type StoredEvent } from "./coalesce";
import { isFinalRun } from "./status";

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

const MAX_GAP_RETRY_MS = 250;

/**
 * The events, in batches: whatever became deliverable at once (a replay, a filled gap, the live
 * messages of one wake-up) comes as one array, so a viewer's stream writes it in one go.
 */
export async function* watchRun(
  source: WatchSource,
  options: WatchOptions,
): AsyncGenerator<readonly TraceEvent[], void> {
  const pollMs = options.pollMs ?? 1_000;
  // While a gap is open, storage is read at most this often, however many messages arrive; the
  // wait grows while reads bring nothing (the executing process may have died), but stays near
  // the writer's flush interval, within which a gap normally closes.
  const firstGapRetryMs = Math.min(pollMs, 100);
  let gapRetryMs = firstGapRetryMs;
  const inbox: BusMessage[] = [];
  // Settles the current wait: true when something arrived (or the viewer left), false on time.
  let settle: ((arrived: boolean) => void) | undefined;
  const unsubscribe = source.bus.subscribe(options.runId, (message) => {
    inbox.push(message);
    settle?.(true);
  });
  const onAbort = () => settle?.(true);
  // One timer per viewer, re-armed for each wait rather than created anew: with 100 runs
  // streaming, a new Timeout per live event per viewer was a measurable share of the event loop.
  let timer: NodeJS.Timeout | undefined;
  let timerMs = -1;
  const arm = (ms: number) => {
    if (timer && ms === timerMs) {
      timer.refresh();
      return;
    }
    clearTimeout(timer);
    timerMs = ms;
    timer = setTimeout(() => settle?.(false), ms);
  };
  options.signal?.addEventListener("abort", onAbort);
  let cursor = options.afterSeq;
  // Live events past a gap, kept until storage fills it, so they need not be read back.
  const ahead = new Map<number, TraceEvent>();
  // The highest seq announced live; above the cursor means a gap.
  let announced = cursor;
  let lastFill = 0;
  let lastStateCheck = Date.now();
  let ended = false;
  // Deliverable now, in order; handed out as one batch.
  let batch: TraceEvent[] = [];

  function take(event: TraceEvent): void {
    cursor = event.seq;
    batch.push(event);
  }

  function takeAhead(): void {
    for (let next = ahead.get(cursor + 1); next; next = ahead.get(cursor + 1)) {
      ahead.delete(next.seq);
      take(next);
    }
    if (ahead.size > 0) for (const seq of ahead.keys()) if (seq <= cursor) ahead.delete(seq);
  }

  // Everything stored (and, in the executing process, buffered) after the cursor.
  async function fill(): Promise<void> {
    lastFill = Date.now();
    for (const event of replayAfter(await source.loadAfter(cursor), cursor)) {
      if (event.seq !== cursor + 1 && event.seq <= cursor) continue;
      take(event);
    }
    for (const event of source.unflushed?.() ?? []) if (event.seq === cursor + 1) take(event);
    takeAhead();
  }

  function handOut(): readonly TraceEvent[] {
    const out = batch;
    batch = [];
    return out;
  }

  try {
    await fill();
    // A run already over ends the stream now, not at the first poll (5 s on the embedded database).
    ended = (await source.loadState()).final;
    while (!options.signal?.aborted) {
      while (inbox.length > 0) {
        const message = inbox.shift()!;
        if (message.kind === "status") {
          ended ||= isFinalRun(message.status);
          continue;
        }
        if (message.kind !== "event" || message.seq <= cursor) continue;
        announced = Math.max(announced, message.seq);
        if (message.event) ahead.set(message.seq, message.event);
      }
      takeAhead();
      if (announced > cursor && Date.now() - lastFill >= gapRetryMs) {
        const before = cursor;
        await fill();
        gapRetryMs = cursor > before ? firstGapRetryMs : Math.min(gapRetryMs * 2, pollMs, MAX_GAP_RETRY_MS);
      }
      if (ended) {
        // The run is over: deliver whatever is stored, then stop.
        const state = await source.loadState();
        await fill();
        if (batch.length > 0) yield handOut();
        if (cursor >= state.lastSeq) return;
      }
      if (batch.length > 0) yield handOut();
      if (options.signal?.aborted) break;
      const gap = announced > cursor;
      const arrived = await new Promise<boolean>((resolve) => {
        if (inbox.length > 0 || options.signal?.aborted) return resolve(true);
        settle = resolve;
        arm(gap ? Math.max(0, gapRetryMs - (Date.now() - lastFill)) : pollMs);
      });
      settle = undefined;
      // Nothing for a while: check the run itself, in case its final status was missed.
      if (!arrived && Date.now() - lastStateCheck >= pollMs) {
        lastStateCheck = Date.now();
        const state = await source.loadState();
        if (state.lastSeq > cursor) await fill();
        if (state.final) ended = true;
      }
    }
  } finally {
    clearTimeout(timer);
    unsubscribe();
    options.signal?.removeEventListener("abort", onAbort);
  }
}
