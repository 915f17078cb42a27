// The one place that opens the database: PGlite under the data directory by default, PostgreSQL
// through a connection pool when DATABASE_URL is set. One instance per process, kept on
// globalThis so Next.js dev reloads reuse it instead of opening PGlite twice.
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { lockDirectory } from "./dir-lock";
import { PGliteThread } from "./pglite-thread";
import type { MigrationSession } from "./migrate";

/** A Prisma client or a transaction: what every query function takes. */
export type Db = Prisma.TransactionClient;

export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** Where it lives, for messages (a directory, or the URL without its password). */
  location: string;
  /** Run `fn` on one dedicated session (migrations, advisory locks). */
  withSession<T>(fn: (session: MigrationSession) => Promise<T>): Promise<T>;
  /**
   * One parameterized statement past Prisma, for bytes: Prisma's driver adapters carry a bytea
   * value as an array of numbers (and a parameter through its query compiler as text), which
   * for a 1 MB image costs more CPU than everything else a run does.
   */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

export interface OpenOptions {
  /** A postgres:// URL; unset means the embedded PGlite database. */
  url?: string;
  /** The data directory; PGlite lives in `<dataDir>/db`. */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPGlite(path.join(options.dataDir, "db"));
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "…";
    return u.toString();
  } catch {
    return "(an unparsable URL)";
  }
}

/** How long a query waits for a pooled connection before the database counts as unavailable. */
const CONNECT_TIMEOUT_MS = 5_000;

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const location = redactUrl(url);
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(
      `Could not connect to PostgreSQL at ${location}: ${(error as Error).message}. Check that the server is running and DATABASE_URL is right.`,
      { cause: error },
    );
  }
  // A transaction waits for a pooled connection as long as any query does (Prisma's default is
  // 2 s, which a burst of uploads exceeds); past that it is a 503, not a crash.
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: CONNECT_TIMEOUT_MS, timeout: 15_000 },
  });
  return {
    kind: "postgres",
    prisma,
    location,
    query: async <Row>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as Row[],
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async (sql, params) => (await client.query(sql, params)).rows,
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** How long a transaction on the embedded database waits for the ones before it. */
const EMBEDDED_TRANSACTION_WAIT_MS = 10_000;

async function openPGlite(dir: string): Promise<Database> {
  const release = lockDirectory(dir);
  let client: PGliteThread;
  try {
    client = await PGliteThread.open(dir, {
      // PostgreSQL's 128 MB of shared buffers live in the app's own memory here (WASM, never
      // returned); the data files are in the OS page cache anyway. 64 MB saves ~60 MB of RSS.
      startParams: ["-c", "shared_buffers=64MB"],
    });
  } catch (error) {
    release();
    throw new DatabaseUnavailableError(
      `Could not open the embedded database in ${dir}: ${(error as Error).message}. If the directory is damaged, move it aside (your data stays in it) and start again.`,
      { cause: error },
    );
  }
  // The adapter uses only query, exec and transaction, which the thread provides. PGlite is one
  // session, so transactions take turns: a burst of new turns (each a short transaction) queues
  // behind the others longer than Prisma's default 2 s wait, and would fail as "busy" (a 503).
  const prisma = new PrismaClient({
    adapter: new PrismaPGlite(client as unknown as PGlite),
    transactionOptions: { maxWait: EMBEDDED_TRANSACTION_WAIT_MS, timeout: 15_000 },
  });
  return {
    kind: "pglite",
    prisma,
    location: dir,
    query: async <Row>(sql: string, params?: unknown[]) => (await client.query<Row>(sql, params)).rows,
    async withSession(fn) {
      // PGlite is a single session already.
      return fn({
        exec: async (sql) => {
          await client.exec(sql);
        },
        query: async (sql, params) => (await client.query(sql, params)).rows as never[],
      });
    },
    async close() {
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}
