import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import type { TraceEvent } from "@/lib/trace";
import { createMemoryBus, createPostgresBus, type BusMessage, type RunBus } from "./bus";

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
    a = await createPostgresBus({ pool: db.pool!, connect });
    b = await createPostgresBus({ pool: db.pool!, connect });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.dispose();
  });

  // Order across instances is not guaranteed (NOTIFYs go out on pooled connections); viewers
  // restore it from stored events (watch.test.ts). Completeness and references are checked here.
  it("delivers a burst completely, with oversized events sent as references", async () => {
    const seen: BusMessage[] = [];
    const local: BusMessage[] = [];
    b.subscribe("run-1", (m) => seen.push(m));
    a.subscribe("run-1", (m) => local.push(m));
    for (let seq = 1; seq <= 500; seq++)
      await a.publish({ kind: "event", runId: "run-1", seq, event: delta(seq, `token ${seq} `) });
    await a.publish({ kind: "event", runId: "run-1", seq: 501, event: delta(501, "x".repeat(20_000)) });
    await a.publish({ kind: "status", runId: "run-1", status: "completed" });
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
