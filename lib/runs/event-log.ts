// The ordered event log of one executing run. Each event gets the next `seq` and is published to
// live viewers at once; persistence is batched (deltas merged, see coalesce.ts) and runs at most
// one flush interval behind, so a reload never loses more than that. Any other event (a finished
// step) is written at once. Rows are only ever appended: a stored step is never rewritten.
import type { TraceEvent, TraceEventBody } from "@/lib/trace";
import type { BusMessage } from "./bus";
import { coalesce, isDelta, type StoredEvent } from "./coalesce";

export interface EventSink {
  /** Store events atomically (all or none). */
  persist(events: StoredEvent[]): Promise<void>;
  /** Best effort: viewers fall back to stored events, so a lost message only delays them. */
  publish(message: BusMessage): void;
}

export class EventLogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EventLogError";
  }
}

/**
 * When buffered deltas are written: one timer for every log that shares the clock. The runs of a
 * process share one, so 100 streaming runs cost one timer and one group commit per interval
 * rather than a timer each, and group commits of a few runs each, several times an interval.
 */
export class FlushClock {
  private due = new Set<RunEventLog>();
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly intervalMs = 200) {}

  /** Flush `log` at the next tick (within one interval). */
  schedule(log: RunEventLog): void {
    this.due.add(log);
    this.timer ??= setTimeout(() => this.tick(), this.intervalMs);
  }

  /** `log` flushed on its own: nothing is due for it. */
  unschedule(log: RunEventLog): void {
    this.due.delete(log);
  }

  private tick(): void {
    this.timer = undefined;
    const due = this.due;
    this.due = new Set();
    for (const log of due) void log.flush().catch(() => {});
  }
}

export class RunEventLog {
  private seq: number;
  private buffer: TraceEvent[] = [];
  private readonly clock: FlushClock;
  private writing: Promise<void> = Promise.resolve();
  private failure: EventLogError | undefined;
  private storedAt = 0;

  constructor(
    private readonly runId: string,
    private readonly sink: EventSink,
    /** `clock`, shared with other logs, or a clock of this log's own ticking every `flushMs`. */
    options: { lastSeq?: number; clock?: FlushClock; flushMs?: number } = {},
  ) {
    this.seq = options.lastSeq ?? 0;
    this.clock = options.clock ?? new FlushClock(options.flushMs);
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** When a batch was last stored (ms since the epoch; 0 before the first). */
  get lastStoredAt(): number {
    return this.storedAt;
  }

  /** Events published but not stored yet (for viewers in this process that resume mid-flush). */
  unflushed(): readonly TraceEvent[] {
    return this.buffer;
  }

  /** Record one event. Throws once a write has failed: the run must stop. */
  append(body: TraceEventBody): TraceEvent {
    if (this.failure) throw this.failure;
    const event = { ...body, seq: ++this.seq, at: new Date().toISOString() };
    this.buffer.push(event);
    this.sink.publish({ kind: "event", runId: this.runId, seq: event.seq, event });
    if (isDelta(event)) this.clock.schedule(this);
    else void this.flush().catch(() => {});
    return event;
  }

  /** Write everything buffered; resolves when stored. Rejects (and stays failed) on a write error. */
  flush(): Promise<void> {
    this.clock.unschedule(this);
    const batch = this.buffer;
    this.buffer = [];
    const write = this.writing.then(async () => {
      if (this.failure) throw this.failure;
      if (batch.length === 0) return;
      try {
        await this.sink.persist(coalesce(batch));
        this.storedAt = Date.now();
      } catch (error) {
        this.failure = new EventLogError(
          "The database stopped answering, so the run was stopped. Everything up to the last finished step is saved.",
          { cause: error },
        );
        throw this.failure;
      }
    });
    this.writing = write.catch(() => {});
    return write;
  }

  get failed(): EventLogError | undefined {
    return this.failure;
  }
}
