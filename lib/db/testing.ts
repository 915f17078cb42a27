// Test support: a fresh, migrated database of each kind, created for one test file and dropped
// after it. PostgreSQL must be reachable (TEST_POSTGRES_URL, default the local server); a missing
// server fails the tests loudly rather than skipping them.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "./client";
import { applyMigrations, readMigrations } from "./migrate";

export const DATABASE_KINDS = ["pglite", "postgres"] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase extends Database {
  /** The URL of the PostgreSQL database, or the PGlite data directory. */
  target: { url?: string; dataDir: string };
  dispose(): Promise<void>;
}

/** Create an empty database of `kind` (not migrated). */
export async function createEmptyDatabase(
  kind: DatabaseKind,
): Promise<{ url?: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-test-"));
  if (kind === "pglite") return { dataDir, drop: () => fs.rm(dataDir, { recursive: true, force: true }) };
  const name = `loupe_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is needed for these tests and is not reachable at ${TEST_POSTGRES_URL} (${(error as Error).message}). Start it, or set TEST_POSTGRES_URL.`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated database of `kind`; call `dispose()` in afterAll. */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const target = await createEmptyDatabase(kind);
  const database = await openDatabase({ url: target.url, dataDir: target.dataDir, poolSize: 4 });
  const migrations = await readMigrations();
  await database.withSession((s) => applyMigrations(s, migrations));
  return Object.assign(database, {
    target,
    async dispose() {
      await database.close();
      await target.drop();
    },
  });
}
