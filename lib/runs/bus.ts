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
  /** Publishes without waiting or reporting a failure: for the stream of trace events. */
  emit(message: BusMessage): void;
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
    emit: (message) => fanout.deliver(message),
    subscribe: (runId, handler) => fanout.subscribe(runId, handler),
    close: () => Promise.resolve(),
  };
}

export const CHANNEL = "loupe_runs";
// NOTIFY payloads must stay under 8000 bytes; larger events travel as a reference.
const MAX_PAYLOAD = 7_000;
// Notifications sent in one round trip (~450 kB), so one send stays a short statement.
const MAX_PAYLOADS_PER_SEND = 64;

/**
 * The PostgreSQL bus. Messages are delivered locally at once and sent to other instances through
 * NOTIFY; each instance ignores its own notifications. The LISTEN and NOTIFY connections are its
 * own and reconnect themselves.
 */
export async function createPostgresBus(input: { connect: () => Promise<pg.Client> }): Promise<RunBus> {
  const origin = randomUUID();
  const fanout = new LocalFanout();
  // NOTIFYs go out on a connection of their own: behind the pool's queue (a burst of new runs),
  // live viewers on other instances would wait seconds for every token.
  let sender: Promise<pg.Client> | undefined;
  function connectSender(): Promise<pg.Client> {
    const connecting = input.connect().then(async (client) => {
      const drop = () => {
        if (sender === connecting) sender = undefined;
        client.removeAllListeners();
        void client.end().catch(() => {});
      };
      client.on("error", drop);
      client.on("end", drop);
      // A NOTIFY transaction stores nothing, so its commit need not wait for the disk.
      await client.query("SET synchronous_commit TO off");
      return client;
    });
    return connecting;
  }
  const notifier = createNotifier(origin, async (payloads) => {
    if (closed) throw new Error("The run bus is closed.");
    const connecting = (sender ??= connectSender());
    try {
      const client = await connecting;
      // One round trip, one transaction: PostgreSQL delivers a transaction's notifications in
      // the order of its statements.
      await client.query(payloads.map((p) => `NOTIFY ${CHANNEL}, ${client.escapeLiteral(p)};`).join("\n"));
    } catch (error) {
      if (sender === connecting) sender = undefined; // connect again next time
      throw error;
    }
  });
  let listener: pg.Client | undefined;
  let closed = false;

  async function listen(): Promise<void> {
    const client = await input.connect();
    client.on("notification", (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      for (const message of parseNotification(n.payload, origin)) fanout.deliver(message);
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
    publish(message) {
      fanout.deliver(message);
      return notifier.send(message);
    },
    emit(message) {
      fanout.deliver(message);
      notifier.post(message);
    },
    subscribe: (runId, handler) => fanout.subscribe(runId, handler),
    async close() {
      await notifier.idle();
      closed = true;
      const publishing = sender;
      sender = undefined;
      await publishing
        ?.then((c) => {
          c.removeAllListeners();
          return c.end();
        })
        .catch(() => {});
      const client = listener;
      listener = undefined;
      if (client) {
        client.removeAllListeners();
        await client.end().catch(() => {});
      }
    },
  };
}

interface Outgoing {
  json: string;
  bytes: number;
}

/** Settles once every message queued before it was created has been sent (or failed). */
interface Generation {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
  failed?: boolean;
  error?: unknown;
}

function generation(): Generation {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Sends messages to other instances one round trip at a time, in publish order: whatever was
 * published while one was in flight goes out together in the next, as up to `MAX_PAYLOADS_PER_SEND`
 * notifications of at most 7 kB. Under load (a hundred runs streaming tokens) that is a few round
 * trips a second instead of thousands of queries racing on pooled connections and arriving out of
 * order, and the load no longer waits on one round trip per 7 kB; when idle, a message leaves at once.
 * Messages `send` waits for share one promise per round trip; `post` creates none (trace events).
 */
export function createNotifier(origin: string, send: (payloads: string[]) => Promise<void>) {
  const head = `{"o":${JSON.stringify(origin)},"m":[`;
  const room = MAX_PAYLOAD - Buffer.byteLength(head) - 2;
  let queue: Outgoing[] = [];
  let next = 0; // queue[next] is the first message not sent yet
  let waiting: Generation | undefined;
  let draining: Promise<void> | undefined;

  function encode(message: BusMessage): string {
    const json = JSON.stringify(message);
    if (Buffer.byteLength(json) <= room || message.kind !== "event") return json;
    return JSON.stringify({ kind: "event", runId: message.runId, seq: message.seq });
  }

  /** The longest run of queued messages that fits one payload. */
  function takePayload(): string {
    let json = queue[next]!.json;
    let size = queue[next]!.bytes;
    for (next++; next < queue.length && size + 1 + queue[next]!.bytes <= room; next++) {
      size += 1 + queue[next]!.bytes;
      json += `,${queue[next]!.json}`;
    }
    return `${head}${json}]}`;
  }

  async function drain(): Promise<void> {
    while (next < queue.length) {
      const payloads: string[] = [];
      while (next < queue.length && payloads.length < MAX_PAYLOADS_PER_SEND) payloads.push(takePayload());
      // Everything queued is in this send: it settles the waiting generation.
      // Otherwise the waiting generation (if any) has messages in this send and the next ones.
      let settles: Generation | undefined;
      const covers = waiting;
      if (next === queue.length) {
        settles = waiting;
        waiting = undefined;
        queue = [];
        next = 0;
      }
      try {
        await send(payloads);
      } catch (error) {
        if (covers && !covers.failed) Object.assign(covers, { failed: true, error });
      }
      if (settles?.failed) settles.reject(settles.error);
      else settles?.resolve();
    }
    draining = undefined;
  }

  function post(message: BusMessage): void {
    const json = encode(message);
    queue.push({ json, bytes: Buffer.byteLength(json) });
    draining ??= drain();
  }

  return {
    post,
    /** Resolves once the message has been sent; rejects if its round trip failed. */
    send(message: BusMessage): Promise<void> {
      const settles = (waiting ??= generation());
      post(message);
      return settles.promise;
    },
    /** Resolves once everything published so far has been sent (or has failed). */
    async idle(): Promise<void> {
      while (draining) await draining;
    },
  };
}

/** The messages in a notification from another instance (one message, or a batch of them). */
export function parseNotification(payload: string, self: string): BusMessage[] {
  try {
    const { o, m } = JSON.parse(payload) as { o: string; m: BusMessage | BusMessage[] };
    if (o === self) return [];
    return Array.isArray(m) ? m : [m];
  } catch {
    return []; // a malformed payload is not ours to act on
  }
}
