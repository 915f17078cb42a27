// Recognising database errors across both adapters: @prisma/adapter-pg reports a unique
// violation as Prisma's P2002, pglite-prisma-adapter as a DriverAdapterError with SQLSTATE 23505.
// Connection failures are mapped to one typed, user-facing error.
import { AppError } from "@/lib/errors";

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  if (field(error, "code") === "P2002") return true;
  const cause = field(error, "cause");
  return (
    field(cause, "code") === "23505" ||
    field(cause, "originalCode") === "23505" ||
    field(cause, "kind") === "UniqueConstraintViolation"
  );
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P03",
  "08006",
  "08001",
  "08003",
  // Prisma: a transaction could not start in time (every pooled connection stayed busy).
  "P2028",
  // Prisma: can't reach the server, timed out reaching it, the server closed the connection.
  "P1001",
  "P1002",
  "P1017",
]);

/** What an error wraps: its cause, or the driver adapter's error Prisma keeps in `meta`. */
function inner(error: unknown): unknown {
  return field(error, "cause") ?? field(field(error, "meta"), "driverAdapterError");
}

/** True for errors meaning the database cannot be reached right now (not a bad query). */
export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = inner(e), depth++) {
    const code = field(e, "code") ?? field(e, "originalCode");
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    if (field(e, "kind") === "DatabaseNotReachable" || field(e, "kind") === "ConnectionClosed") return true;
    const message = field(e, "message");
    if (
      typeof message === "string" &&
      /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Can't reach database/i.test(
        message,
      )
    ) {
      return true;
    }
  }
  return false;
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database is not answering right now. Nothing was changed; try again in a moment.";

export function databaseUnavailable(cause: unknown): AppError {
  return new AppError("unavailable:database", DATABASE_UNAVAILABLE_MESSAGE, { cause });
}
