// PGlite on its own thread behaves as PGlite does for what the app uses: parsed values, the
// caller's parsers, PostgreSQL errors with their class and fields, transactions that commit,
// roll back and make other queries wait, and a clear error once the thread is gone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { messages } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isConnectionError } from "./errors";
import { EmbeddedDatabaseStoppedError, PGliteThread } from "./pglite-thread";

describe("PGliteThread", () => {
  let dir: string;
  let db: PGliteThread;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-pglite-thread-"));
    db = await PGliteThread.open(dir);
    await db.exec("CREATE TABLE t (id int PRIMARY KEY, body text, doc jsonb, bytes bytea, at timestamptz)");
  });

  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("returns values parsed as PGlite parses them", async () => {
    const at = new Date("2026-11-30T12:00:00.000Z");
    await db.query("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", [
      1,
      "one",
      { a: [1, "two"] },
      new Uint8Array([0, 255]),
      at,
    ]);
    const { rows } = await db.query<Record<string, unknown>>("SELECT * FROM t WHERE id = $1", [1]);
    expect(rows).toEqual([{ id: 1, body: "one", doc: { a: [1, "two"] }, bytes: new Uint8Array([0, 255]), at }]);
  });

  it("applies the caller's parsers to the raw text, in either row mode, leaving nulls alone", async () => {
    const parsers = { 23: (x: string) => `int ${x}`, 17: (x: string) => x.toUpperCase() };
    const arrays = await db.query<unknown[]>("SELECT 7::int4 AS n, '\\x0aff'::bytea AS b, NULL::int4 AS z", [], {
      rowMode: "array",
      parsers,
    });
    expect(arrays.rows).toEqual([["int 7", "\\X0AFF", null]]);
    const objects = await db.query("SELECT 8::int4 AS n", [], { parsers });
    expect(objects.rows).toEqual([{ n: "int 8" }]);
  });

  it("keeps a PostgreSQL error's class and fields across the thread", async () => {
    const error = await db.query("INSERT INTO t (id) VALUES (1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(messages.DatabaseError);
    expect(error).toMatchObject({
      code: "23505",
      constraint: "t_pkey",
      message: expect.stringContaining("duplicate key"),
    });
    expect(isConnectionError(error)).toBe(false);
  });

  it("commits a transaction, and rolls one back when its function throws or asks to", async () => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (2)");
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t (id) VALUES (3)");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    const closed = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (4)");
      await tx.rollback();
      return tx.closed;
    });
    expect(closed).toBe(true);
    const { rows } = await db.query<{ id: number }>("SELECT id FROM t WHERE id IN (2, 3, 4) ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual([2]);
  });

  it("makes other queries wait until an open transaction ends", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (5)");
      began();
      await held;
    });
    await begun;
    const outside = db.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE id = 5");
    let answered = false;
    void outside.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    release();
    await transaction;
    expect((await outside).rows).toEqual([{ n: 1 }]);
  });

  it("closes even when a transaction was left open by its caller, rolling it back", async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-pglite-thread-"));
    const other = await PGliteThread.open(otherDir);
    await other.exec("CREATE TABLE u (id int)");
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    // As Prisma does when it disconnects while a transaction starts: it never ends it.
    void other.transaction(async (tx) => {
      await tx.query("INSERT INTO u VALUES (1)");
      began();
      await new Promise(() => {});
    });
    await begun;
    await other.close();
    const reopened = await PGliteThread.open(otherDir);
    expect((await reopened.query("SELECT count(*)::int AS n FROM u")).rows).toEqual([{ n: 0 }]);
    await reopened.close();
    fs.rmSync(otherDir, { recursive: true, force: true });
  });

  it("says the database stopped, as a connection error, once its thread is gone", async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-pglite-thread-"));
    const other = await PGliteThread.open(otherDir);
    const pending = other.query("SELECT pg_sleep(2)");
    // The thread dies under a waiting query (as if it crashed).
    await other["worker"].terminate();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedDatabaseStoppedError);
    expect(isConnectionError(error)).toBe(true);
    await expect(other.query("SELECT 1")).rejects.toThrow(/embedded database stopped/);
    await other.close();
    fs.rmSync(otherDir, { recursive: true, force: true });
  });
});
