import "server-only";
import { AppError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id; anything that is not a UUID is simply not found (no hint about what exists). */
export function idParam(value: string, what: "conversation" | "run"): string {
  if (!UUID.test(value)) throw new AppError(`not_found:${what}`, `There is no such ${what}.`);
  return value.toLowerCase();
}
