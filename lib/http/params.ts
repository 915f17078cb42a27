import "server-only";
import { AppError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The same sentences as for a well-formed id that does not exist here.
const NOT_FOUND = {
  conversation: "There is no such conversation, or you cannot see it.",
  run: "There is no such run in this workspace.",
};

/** A path id; anything that is not a UUID is simply not found (no hint about what exists). */
export function idParam(value: string, what: "conversation" | "run"): string {
  if (!UUID.test(value)) throw new AppError(`not_found:${what}`, NOT_FOUND[what]);
  return value.toLowerCase();
}
