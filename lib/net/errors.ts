// Why a server-side fetch was refused or failed. The message is a plain sentence that is safe to
// show (it names the URL's host, never internal details of our network).

export type NetErrorCode =
  | "bad_url"
  | "blocked_scheme"
  | "blocked_port"
  | "blocked_address"
  | "too_many_redirects"
  | "http_status"
  | "bad_content_type"
  | "too_large"
  | "timeout"
  | "aborted"
  | "network";

export class NetError extends Error {
  constructor(
    readonly code: NetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "NetError";
  }
}
