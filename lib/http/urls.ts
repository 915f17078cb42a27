import "server-only";
import { env } from "@/lib/env";
import { requestedOrigin } from "./request-origin";

/** The public origin: PUBLIC_BASE_URL when set, else the one the client asked for. */
export function originOf(request: Request): string {
  return env().PUBLIC_BASE_URL?.replace(/\/+$/, "") ?? requestedOrigin(request);
}

export function blobUrlFor(request: Request, key: string): string {
  return `${originOf(request)}/api/blobs/${key}`;
}
