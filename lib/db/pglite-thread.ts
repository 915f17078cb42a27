// The embedded database on a thread of its own. PGlite runs each query as synchronous WASM work
// on the thread that owns it; on the app's main thread every group commit and Prisma query held
// up token streaming while it ran (~7% of that thread with 100 runs streaming, about half of it
// while runs were being created). This is the main thread's end of lib/db/pglite-worker.mjs: the
// part of PGlite's API that pglite-prisma-adapter and lib/db use, sent as messages.
//
// Messages (each carries an `id`; the worker answers `{ id, ok, value | error }`):
//   open · query { sql, params, options, textTypes, tx? } · exec { sql, tx? }
//   begin { tx } (answers once the transaction is open) · end { tx, rollback } · close
import { Worker } from "node:worker_threads";
import { messages, type QueryOptions, type Results } from "@electric-sql/pglite";

/** What a query or statement can run on: the database, or one open transaction. */
export interface PGliteQueryable {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
}

export interface PGliteThreadTransaction extends PGliteQueryable {
  /** Rolls the transaction back now; it ends when its function returns. */
  rollback(): Promise<void>;
  readonly closed: boolean;
}

/** The embedded database stopped answering: its thread died or was closed. */
export class EmbeddedDatabaseStoppedError extends Error {
  // Reads as a lost connection to lib/db/errors (a 503 with a sentence, not a crash).
  readonly code = "08006";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmbeddedDatabaseStoppedError";
  }
}

interface SerializedError {
  message: string;
  databaseError?: boolean;
  [field: string]: unknown;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** A PostgreSQL error keeps its class and fields (code, detail, …) across the thread. */
function toError(serialized: SerializedError): Error {
  const { message, databaseError, ...fields } = serialized;
  const error = databaseError
    ? new messages.DatabaseError(message, Number(fields.length ?? 0), "error")
    : new Error(message);
  return Object.assign(error, fields);
}

/** Applies the caller's parsers to the columns the worker returned as text. */
function parseColumns(result: Results<unknown>, parsers: NonNullable<QueryOptions["parsers"]>): void {
  result.fields.forEach((field, column) => {
    // PGlite calls a parser with the value and its type (its declared type shows only the value).
    const parse = parsers[field.dataTypeID] as ((value: string, typeId: number) => unknown) | undefined;
    if (!parse) return;
    for (const row of result.rows as Record<string | number, unknown>[]) {
      const key = Array.isArray(row) ? column : field.name;
      if (row[key] !== null) row[key] = parse(row[key] as string, field.dataTypeID);
    }
  });
}

export class PGliteThread implements PGliteQueryable {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private nextTransaction = 1;
  private stopped: Error | undefined;

  /** Opens (creating if need be) the database in `dir` on a new thread. */
  static async open(dir: string, options: { startParams?: string[] } = {}): Promise<PGliteThread> {
    const thread = new PGliteThread(dir, options.startParams ?? []);
    try {
      await thread.call({ op: "open" });
    } catch (error) {
      await thread.worker.terminate();
      throw error;
    }
    return thread;
  }

  private constructor(dir: string, startParams: string[]) {
    this.worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), { workerData: { dir, startParams } });
    // The thread keeps the process alive only while a call waits for it (see call()).
    this.worker.unref();
    this.worker.on("message", (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(toError(reply.error));
    });
    this.worker.on("error", (error) =>
      this.stop(new EmbeddedDatabaseStoppedError(`The embedded database stopped: ${error.message}`, { cause: error })),
    );
    this.worker.on("exit", (code) =>
      this.stop(
        new EmbeddedDatabaseStoppedError(`The embedded database stopped (its thread exited with code ${code}).`),
      ),
    );
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.stopped);
    this.pending.clear();
  }

  private call(message: Record<string, unknown>): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private async runQuery<T>(
    tx: number | undefined,
    sql: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
  ): Promise<Results<T>> {
    const { parsers, serializers, blob, onNotice, ...rest } = options ?? {};
    // Functions and Blobs cannot cross to the thread; parsers run here on the raw text instead.
    if (serializers || blob || onNotice)
      throw new Error("Serializers, blobs and notice handlers are not supported on the database thread.");
    const textTypes = parsers ? Object.keys(parsers).map(Number) : undefined;
    const result = (await this.call({ op: "query", tx, sql, params, options: rest, textTypes })) as Results<T>;
    if (parsers) parseColumns(result, parsers);
    return result;
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.runQuery<T>(undefined, sql, params, options);
  }

  async exec(sql: string): Promise<Results[]> {
    return (await this.call({ op: "exec", sql })) as Results[];
  }

  /**
   * Runs `fn` in a transaction: committed when it returns, rolled back when it throws or calls
   * `rollback()`. Other queries wait for it, as in PGlite.
   */
  async transaction<T>(fn: (tx: PGliteThreadTransaction) => Promise<T>): Promise<T> {
    const id = this.nextTransaction++;
    await this.call({ op: "begin", tx: id });
    let ending: Promise<unknown> | undefined;
    const end = (rollback: boolean) => (ending ??= this.call({ op: "end", tx: id, rollback }));
    const tx: PGliteThreadTransaction = {
      query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => this.runQuery<R>(id, sql, params, options),
      exec: async (sql: string) => (await this.call({ op: "exec", tx: id, sql })) as Results[],
      rollback: async () => {
        await end(true);
      },
      get closed() {
        return ending !== undefined;
      },
    };
    let value: T;
    try {
      value = await fn(tx);
    } catch (error) {
      await end(true).catch(() => {});
      throw error;
    }
    await end(false);
    return value;
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.call({ op: "close" });
    } finally {
      this.stop(new EmbeddedDatabaseStoppedError("The embedded database is closed."));
      await this.worker.terminate();
    }
  }
}
