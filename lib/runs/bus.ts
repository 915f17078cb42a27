// Live run messages between the process executing a run and everyone watching it. In one
// process (PGlite) an EventEmitter; across instances on PostgreSQL, LISTEN/NOTIFY on one channel.
// Delivery is best effort: viewers also read the stored events, so a missed message only delays.
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { TraceEvent } from "@/lib/trace";

export type BusMessage =
  /** A trace event; `event` is omitted (a reference) when it was too large to notify. */
  | { kind: "event"; runId: string; seq: number; event?: TraceEvent }
  /** The run's status changed (queued → running → final). */
  | { kind: "status"; runId: string; status: string }
  /** Someone asked to cancel the run; its executing process stops it. */
  | { kind: "cancel"; runId: string }
  /** A run was queued or a slot freed: schedulers look for work. */
  | { kind: "wake" };

export type BusHandler = (message: BusMessage) => void;

export interface RunBus {
  readonly kind: "memory" | "postgres";
  publish(message: BusMessage): Promise<void>;
  /** Messages about one run, or about every run with "*". Returns the unsubscribe function. */
  subscribe(runId: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

class LocalFanout {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  deliver(message: BusMessage): void {
    if ("runId" in message) this.emitter.emit(message.runId, message);
    this.emitter.emit("*", message);
  }

  subscribe(runId: string, handler: BusHandler): () => void {
    this.emitter.on(runId, handler);
    return () => this.emitter.off(runId, handler);
  }
}

export function createMemoryBus(): RunBus {
  const fanout = new LocalFanout();
  return {
    kind: "memory",
    publish(message) {
      fanout.deliver(message);
      return Promise.resolve();
    },
    subscribe: (runId, handler) => fanout.subscribe(runId, handler),
    close: () => Promise.resolve(),
  };
}

export const CHANNEL = "loupe_runs";
// NOTIFY payloads must stay under 8000 bytes; larger events travel as a reference.
const MAX_PAYLOAD = 7_000;

/**
 * The PostgreSQL bus. Messages are delivered locally at once and sent to other instances through
 * NOTIFY; each instance ignores its own notifications. The LISTEN connection reconnects itself.
 */
export async function createPostgresBus(input: { pool: pg.Pool; connect: () => Promise<pg.Client> }): Promise<RunBus> {
  const origin = randomUUID();
  const fanout = new LocalFanout();
  let listener: pg.Client | undefined;
  let closed = false;

  async function listen(): Promise<void> {
    const client = await input.connect();
    client.on("notification", (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const { o, m } = JSON.parse(n.payload) as { o: string; m: BusMessage };
        if (o !== origin) fanout.deliver(m);
      } catch {
        // A malformed payload is not ours to act on.
      }
    });
    client.on("error", () => reconnect(client));
    client.on("end", () => reconnect(client));
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  }

  function reconnect(client: pg.Client): void {
    if (closed || listener !== client) return;
    listener = undefined;
    client.removeAllListeners();
    void client.end().catch(() => {});
    const retry = (delay: number) =>
      setTimeout(() => {
        if (closed) return;
        listen().catch(() => retry(Math.min(delay * 2, 5_000)));
      }, delay).unref();
    retry(200);
  }

  await listen();
  return {
    kind: "postgres",
    async publish(message) {
      fanout.deliver(message);
      let payload = JSON.stringify({ o: origin, m: message });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD && message.kind === "event") {
        payload = JSON.stringify({ o: origin, m: { kind: "event", runId: message.runId, seq: message.seq } });
      }
      await input.pool.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]);
    },
    subscribe: (runId, handler) => fanout.subscribe(runId, handler),
    async close() {
      closed = true;
      const client = listener;
      listener = undefined;
      if (client) {
        client.removeAllListeners();
        await client.end().catch(() => {});
      }
    },
  };
}
