// The ordered event log of one executing run. Each event gets the next `seq` and is published to
// live viewers at once; persistence is batched (deltas merged, see coalesce.ts) and runs at most
// `flushMs` behind, so a reload never loses more than that. Any other event (a finished step)
// is written at once. Rows are only ever appended: a stored step is never rewritten.
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

export class RunEventLog {
  private seq: number;
  private buffer: TraceEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: EventLogError | undefined;
  private storedAt = 0;

  constructor(
    private readonly runId: string,
    private readonly sink: EventSink,
    options: { lastSeq?: number; flushMs?: number } = {},
  ) {
    this.seq = options.lastSeq ?? 0;
    this.flushMs = options.flushMs ?? 200;
  }

  private readonly flushMs: number;

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
    if (isDelta(event)) this.timer ??= setTimeout(() => void this.flush().catch(() => {}), this.flushMs);
    else void this.flush().catch(() => {});
    return event;
  }

  /** Write everything buffered; resolves when stored. Rejects (and stays failed) on a write error. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
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
