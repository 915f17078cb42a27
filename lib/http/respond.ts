// Turning results and errors into HTTP responses, the same way for every route: AppErrors keep
// their status and sentence, validation problems are 422 with one readable line, an unreachable
// database or image bucket is 503, and anything else is a 500 whose details are logged, never sent.
import "server-only";
import { ZodError } from "zod";
import { DatabaseUnavailableError } from "@/lib/db/client";
import { DirectoryInUseError } from "@/lib/db/dir-lock";
import { databaseUnavailable, isConnectionError } from "@/lib/db/errors";
import { BlobStoreError } from "@/lib/blobs/s3";
import { recordDenial } from "@/lib/auth/denials";
import { AppError, toAppError } from "@/lib/errors";
import { log } from "@/lib/server/log";
import { requestClient } from "./request-client";

export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { "cache-control": "no-store", ...init.headers } });
}

// What zod's own wording ("Invalid input: expected int, received number") means, for a person.
const EXPECTED: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  array: "a list",
  object: "an object",
  boolean: "true or false",
};

/** One line for the first problem: the field, then what it must be (schemas' own messages kept). */
export function zodSentence(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The request is not valid.";
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    return `${where}${issue.keys.length > 1 ? "these fields are" : "this field is"} not taken here: ${keys}. docs/api.md lists the fields of each request.`;
  }
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input"))
    return `${where}must be ${EXPECTED[issue.expected] ?? issue.expected}.`;
  return `${where}${issue.message}`;
}

export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new AppError("unprocessable:request", zodSentence(error));
  if (error instanceof DatabaseUnavailableError || error instanceof DirectoryInUseError) {
    return new AppError("unavailable:database", error.message, { cause: error });
  }
  if (isConnectionError(error)) return databaseUnavailable(error);
  if (error instanceof BlobStoreError) {
    // The operator's sentence (which setting to fix) goes to the log with the cause.
    return new AppError(
      "unavailable:images",
      "Images cannot be stored or read right now: the image store is not answering. Try again in a moment; if it goes on, an admin can run `npm run loupe -- doctor`.",
      { cause: error },
    );
  }
  return toAppError(error);
}

export function errorResponse(error: unknown): Response {
  const appError = asAppError(error);
  if (appError.kind === "internal") log.error("unhandled error in a route", error);
  else if (appError.kind === "unavailable") log.warn(appError.message, appError.cause);
  const headers: Record<string, string> = {};
  if (appError.kind === "unauthorized") headers["www-authenticate"] = 'Bearer realm="loupe"';
  // A body cut at its limit was not read to its end: the connection closes once this is sent,
  // instead of reading (or mistaking for the next request) whatever else the client sends.
  if (appError.kind === "payload_too_large") headers.connection = "close";
  return json(appError.toJSON(), { status: appError.status, headers });
}

/**
 * Wrap a route handler so every thrown error becomes a typed JSON response. A refused attempt on
 * a conversation, run or share is also written to the audit log (lib/auth/denials, throttled).
 */
export function handler<Args extends unknown[]>(
  fn: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      const request = args[0];
      if (error instanceof AppError && error.denial && request instanceof Request)
        await recordDenial(error.denial, requestClient(request.headers));
      return errorResponse(error);
    }
  };
}
