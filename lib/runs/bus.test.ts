import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import type { TraceEvent } from "@/lib/trace";
import {
  CHANNEL,
  createMemoryBus,
  createNotifier,
  createPostgresBus,
  parseNotification,
  type BusMessage,
  type RunBus,
} from "./bus";

const delta = (seq: number, text: string): TraceEvent => ({
  seq,
  at: "2026-01-01T00:00:00Z",
  type: "thought_delta",
  call: 1,
  text,
});

describe("the PostgreSQL bus between two instances", () => {
  let db: TestDatabase;
  let a: RunBus;
  let b: RunBus;
  beforeAll(async () => {
    db = await openTestDatabase("postgres");
    const connect = async () => {
      const client = new pg.Client({ connectionString: db.target.url });
      await client.connect();
      return client;
    };
    a = await createPostgresBus({ connect });
    b = await createPostgresBus({ connect });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.dispose();
  });

  it("delivers a burst completely and in order, with oversized events sent as references", async () => {
    const seen: BusMessage[] = [];
    const local: BusMessage[] = [];
    b.subscribe("run-1", (m) => seen.push(m));
    a.subscribe("run-1", (m) => local.push(m));
    // Published as a runner does: without waiting for each one.
    const sent: Promise<void>[] = [];
    for (let seq = 1; seq <= 500; seq++)
      sent.push(a.publish({ kind: "event", runId: "run-1", seq, event: delta(seq, `token ${seq} `) }));
    sent.push(a.publish({ kind: "event", runId: "run-1", seq: 501, event: delta(501, "x".repeat(20_000)) }));
    sent.push(a.publish({ kind: "status", runId: "run-1", status: "completed" }));
    await Promise.all(sent);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(502);
    expect(seen.slice(0, 501).map((m) => (m.kind === "event" ? m.seq : 0))).toEqual(
      Array.from({ length: 501 }, (_, i) => i + 1),
    );
    expect(seen[499]).toMatchObject({ event: { text: "token 500 " } });
    expect(seen[500]).toEqual({ kind: "event", runId: "run-1", seq: 501 });
    expect(seen[501]).toEqual({ kind: "status", runId: "run-1", status: "completed" });
    // The publishing instance got everything at once, itself, and not twice.
    expect(local).toHaveLength(502);
  });

  it("reconnects its NOTIFY connection when the server drops it", async () => {
    const seen: BusMessage[] = [];
    b.subscribe("run-2", (m) => seen.push(m));
    await a.publish({ kind: "cancel", runId: "run-2" });
    await expect.poll(() => seen.length).toBe(1);
    const admin = new pg.Client({ connectionString: db.target.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'NOTIFY ${CHANNEL}%' AND pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // The message in flight when the connection died may be lost (viewers read storage); later ones arrive.
    await expect
      .poll(
        async () => {
          await a.publish({ kind: "cancel", runId: "run-2" }).catch(() => {});
          return seen.length;
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(1);
  });
});

describe("the notifier", () => {
  it("sends a message at once when idle, and what queues behind one in flight in one round trip", async () => {
    const sends: string[][] = [];
    const notifier = createNotifier("me", async (payloads) => {
      sends.push(payloads);
      await new Promise((resolve) => setImmediate(resolve)); // a round trip
    });
    const first = notifier.send({ kind: "wake" });
    const rest = Array.from({ length: 300 }, (_, i) =>
      notifier.send({ kind: "event", runId: "r", seq: i + 1, event: delta(i + 1, "token ") }),
    );
    expect(sends).toEqual([[expect.any(String)]]); // the first left at once; the rest wait for it
    await Promise.all([first, ...rest]);
    expect(sends).toHaveLength(2);
    const payloads = sends.flat();
    expect(payloads.length).toBeGreaterThan(2); // 300 events do not fit one 8 kB NOTIFY
    expect(payloads.length).toBeLessThan(40);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8_000);
    const received = payloads.flatMap((p) => parseNotification(p, "other"));
    expect(received[0]).toEqual({ kind: "wake" });
    expect(received.slice(1).map((m) => (m.kind === "event" ? m.seq : 0))).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(payloads.flatMap((p) => parseNotification(p, "me"))).toEqual([]);
  });

  it("keeps one send to at most 64 notifications, and a huge event as a reference", async () => {
    const sends: string[][] = [];
    const notifier = createNotifier("me", async (payloads) => {
      sends.push(payloads);
      await new Promise((resolve) => setImmediate(resolve));
    });
    const text = "x".repeat(3_000);
    await Promise.all([
      notifier.send({ kind: "wake" }),
      ...Array.from({ length: 200 }, (_, i) =>
        notifier.send({ kind: "event", runId: "r", seq: i + 1, event: delta(i + 1, text) }),
      ),
      notifier.send({ kind: "event", runId: "r", seq: 201, event: delta(201, "y".repeat(20_000)) }),
    ]);
    // Two 3 kB events per payload; the reference fits beside the last two.
    expect(sends.map((s) => s.length)).toEqual([1, 64, 36]);
    const received = sends.flat().flatMap((p) => parseNotification(p, "other"));
    expect(received.at(-1)).toEqual({ kind: "event", runId: "r", seq: 201 });
    expect(received.filter((m) => m.kind === "event" && m.event).length).toBe(200);
  });

  /** A notifier whose first round trip fails; later ones succeed after a tick and are recorded. */
  function failingOnce() {
    let fail = true;
    const payloads: string[] = [];
    const notifier = createNotifier("me", (sent) => {
      if (fail) {
        fail = false;
        return Promise.reject(new Error("connection lost"));
      }
      payloads.push(...sent);
      return new Promise((resolve) => setImmediate(resolve));
    });
    return { notifier, payloads };
  }

  it("rejects the messages of a failed NOTIFY and still sends later ones", async () => {
    const { notifier, payloads } = failingOnce();
    await expect(notifier.send({ kind: "wake" })).rejects.toThrow("connection lost");
    await notifier.send({ kind: "cancel", runId: "r" });
    expect(payloads.flatMap((p) => parseNotification(p, "x"))).toEqual([{ kind: "cancel", runId: "r" }]);
  });

  it("posts trace events without a promise each, in order with sent messages, failures unreported", async () => {
    const { notifier, payloads } = failingOnce();
    notifier.post({ kind: "event", runId: "r", seq: 1, event: delta(1, "lost ") }); // its round trip fails
    for (let seq = 2; seq <= 4; seq++) notifier.post({ kind: "event", runId: "r", seq, event: delta(seq, "x") });
    await notifier.send({ kind: "status", runId: "r", status: "completed" });
    await notifier.idle();
    expect(payloads.flatMap((p) => parseNotification(p, "x")).map((m) => ("seq" in m ? m.seq : m.kind))).toEqual([
      2,
      3,
      4,
      "status",
    ]);
  });

  it("reads single-message notifications from older instances and ignores malformed ones", () => {
    expect(parseNotification(JSON.stringify({ o: "a", m: { kind: "wake" } }), "b")).toEqual([{ kind: "wake" }]);
    expect(parseNotification("{not json", "b")).toEqual([]);
  });
});

describe("the memory bus", () => {
  it("delivers to a run's subscribers and to *", async () => {
    const bus = createMemoryBus();
    const one: BusMessage[] = [];
    const all: BusMessage[] = [];
    const off = bus.subscribe("r", (m) => one.push(m));
    bus.subscribe("*", (m) => all.push(m));
    await bus.publish({ kind: "wake" });
    await bus.publish({ kind: "cancel", runId: "r" });
    off();
    await bus.publish({ kind: "cancel", runId: "r" });
    expect(one).toHaveLength(1);
    expect(all).toHaveLength(3);
  });
});
