// One typed error for everything that reaches a user. Codes are `kind:surface`; the kind decides
// the HTTP status, and the message is a plain sentence safe to show. Anything that is not an
// AppError becomes a generic 500 whose details are logged, never sent.

export type ErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media"
  | "unprocessable"
  | "rate_limited"
  | "unavailable"
  | "timeout"
  | "internal";

export type ErrorCode = `${ErrorKind}:${string}`;

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

/**
 * A refused attempt on a conversation, run or share, for the audit log (lib/auth/denials writes
 * it, rate-limited, once the request has failed). Never sent to the client.
 */
export interface Denial {
  on: "conversation" | "run" | "share";
  /** The workspace whose log gets the entry; null for instance-level attempts (unknown tokens). */
  workspaceId: string | null;
  actorId: string | null;
  apiKey?: { id: string; prefix: string };
  /** What was asked for: the id in the request. */
  target: string | null;
  reason: string;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly surface: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown>; denial?: Denial },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    const [kind, surface] = code.split(":") as [ErrorKind, string];
    this.kind = kind;
    this.surface = surface;
    this.details = options?.details;
    this.denial = options?.denial;
  }

  readonly details?: Record<string, unknown>;
  readonly denial?: Denial;

  get status(): number {
    return statusByKind[this.kind];
  }

  toJSON(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Turn anything thrown into an AppError; unknown errors become a generic internal error. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError("internal:server", "Something went wrong on the server. The details were logged.", {
    cause: error,
  });
}
