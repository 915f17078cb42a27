// Server components meet the same outages as routes. Next.js sends an error page's boundary only
// a digest (the message is hidden in production), so an outage is rethrown with its stable code
// as the digest: app/error.tsx then shows the usual sentence instead of "something went wrong".
import "server-only";
import { asAppError } from "./respond";

/** True when the database cannot be reached right now (at open, or mid-query). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return asAppError(error).code === "unavailable:database";
}

/** What a page should throw for `error`: an outage carries its code as digest; anything else is kept. */
export function pageError(error: unknown): unknown {
  const appError = asAppError(error);
  if (appError.kind !== "unavailable") return error;
  return Object.assign(appError, { digest: appError.code });
}
