import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { linkOrigin, noLinkOriginReason, shownLink, type LinkSettings } from "./link-origin";
import { requestedOrigin } from "./request-origin";

/** The public origin: PUBLIC_BASE_URL when set, else the one the client asked for. */
export function originOf(request: Request): string {
  return env().PUBLIC_BASE_URL?.replace(/\/+$/, "") ?? requestedOrigin(request);
}

export function blobUrlFor(request: Request, key: string): string {
  return `${originOf(request)}/api/blobs/${key}`;
}

function linkSettings(): LinkSettings {
  return { publicBaseUrl: env().PUBLIC_BASE_URL, allowedHosts: env().LOUPE_ALLOWED_HOSTS };
}

/**
 * A link shown to the person who asked for it, to pass on (share, invitation and reset links):
 * absolute on PUBLIC_BASE_URL or a listed host, else the path alone (lib/http/link-origin).
 */
export function shownLinkFor(request: Request, path: string): string {
  return shownLink(request, linkSettings(), path);
}

/** A link to put in an email; without an origin to vouch for, a 503 naming the settings. */
export function emailedLinkFor(request: Request, path: string): string {
  const origin = linkOrigin(request, linkSettings());
  if (!origin) throw new AppError("unavailable:public_url", noLinkOriginReason(request, linkSettings()));
  return `${origin}${path}`;
}
