import "server-only";
import { env } from "@/lib/env";

/** The public origin: PUBLIC_BASE_URL when set, else the request's own. */
export function originOf(request: Request): string {
  return env().PUBLIC_BASE_URL?.replace(/\/+$/, "") ?? new URL(request.url).origin;
}

export function blobUrlFor(request: Request, key: string): string {
  return `${originOf(request)}/api/blobs/${key}`;
}
