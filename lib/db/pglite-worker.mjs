// The embedded database's own thread: PGlite (PostgreSQL compiled to WASM) runs every query
// synchronously on the thread that owns it. Here that is this worker, so the app's event loop,
// which streams model tokens to viewers, never waits for a query. lib/db/pglite-thread.ts is the
// other end and documents the messages. Plain JavaScript: Next.js does not bundle this file.
import { parentPort, workerData } from "node:worker_threads";
import { messages, PGlite } from "@electric-sql/pglite";

const port = parentPort;
/** Open transactions: id → { tx, end(rollback) }. */
const transactions = new Map();
let db;
let closing = false;

function serializeError(error) {
  const out = { message: error instanceof Error ? error.message : String(error) };
  if (error && typeof error === "object") {
    out.databaseError = error instanceof messages.DatabaseError;
    for (const [key, value] of Object.entries(error))
      if (value === undefined || ["string", "number", "boolean"].includes(typeof value)) out[key] = value;
  }
  return out;
}

// Columns whose types the caller parses itself arrive as PostgreSQL's text.
const asText = (types) => (types?.length ? Object.fromEntries(types.map((t) => [t, (x) => x])) : undefined);

/** The database, or the open transaction the message names. */
function target(message) {
  if (message.tx === undefined) return db;
  const open = transactions.get(message.tx);
  if (!open) throw new Error("This transaction has already ended.");
  return open.tx;
}

async function handle(message) {
  switch (message.op) {
    case "open":
      db = await PGlite.create(workerData.dir, {
        startParams: [...PGlite.defaultStartParams, ...workerData.startParams],
      });
      return undefined;
    case "query":
      return target(message).query(message.sql, message.params, {
        ...message.options,
        parsers: asText(message.textTypes),
      });
    case "exec":
      return target(message).exec(message.sql);
    case "begin":
      // Resolves once the transaction has begun; it stays open until "end".
      return new Promise((began, failed) => {
        const done = db
          .transaction(async (tx) => {
            if (closing) {
              await tx.rollback();
              throw new Error("The embedded database is closing.");
            }
            const rollback = await new Promise((end) => {
              transactions.set(message.tx, { tx, end, done });
              began(undefined);
            });
            if (rollback) await tx.rollback();
          })
          .finally(() => transactions.delete(message.tx));
        done.catch(failed); // BEGIN failed; once begun, "end" reports the outcome
      });
    case "end": {
      const open = transactions.get(message.tx);
      if (!open) throw new Error("This transaction has already ended.");
      open.end(message.rollback);
      await open.done;
      return undefined;
    }
    case "close":
      // PGlite's close() waits for open transactions, and one its caller gave up on (Prisma
      // disconnecting while the transaction was starting) would never end: roll them back, and
      // any that begin from now on.
      closing = true;
      for (const open of transactions.values()) open.end(true);
      await db?.close();
      return undefined;
    default:
      throw new Error(`Unknown message to the database thread: ${message.op}`);
  }
}

port.on("message", (message) => {
  handle(message).then(
    (value) => port.postMessage({ id: message.id, ok: true, value }),
    (error) => port.postMessage({ id: message.id, ok: false, error: serializeError(error) }),
  );
});
