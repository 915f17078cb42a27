// The process's database: opened once (PGlite or PostgreSQL, per lib/env), migrated on first
// use, and shared by every request. Query functions live beside this file and take a `Db`.
import "server-only";
import { env } from "@/lib/env";
import { openDatabase, type Database } from "./client";
import { applyMigrations, readMigrations } from "./migrate";

export type { Database, Db } from "./client";
export { DatabaseUnavailableError } from "./client";

const globalForDb = globalThis as typeof globalThis & { __loupeDatabase?: Promise<Database> };

/** Apply every committed migration that is not applied yet (idempotent, concurrency-safe). */
export async function migrateDatabase(database: Database): Promise<{ applied: string[] }> {
  const migrations = await readMigrations();
  return database.withSession((session) => applyMigrations(session, migrations));
}

/** This process's database, opened and migrated on first call. A failed open is retried next call. */
export function getDatabase(): Promise<Database> {
  globalForDb.__loupeDatabase ??= (async () => {
    const e = env();
    const database = await openDatabase({
      url: e.DATABASE_URL,
      dataDir: e.LOUPE_DATA_DIR,
      poolSize: e.DATABASE_POOL_SIZE,
    });
    try {
      await migrateDatabase(database);
    } catch (error) {
      await database.close();
      throw error;
    }
    return database;
  })().catch((error: unknown) => {
    globalForDb.__loupeDatabase = undefined;
    throw error;
  });
  return globalForDb.__loupeDatabase;
}

/** The Prisma client of this process's database. */
export async function prisma() {
  return (await getDatabase()).prisma;
}

/** Close the database (on shutdown, and at the end of CLI commands so the process can exit). */
export async function closeDatabase(): Promise<void> {
  const pending = globalForDb.__loupeDatabase;
  globalForDb.__loupeDatabase = undefined;
  if (pending) await (await pending.catch(() => undefined))?.close();
}
