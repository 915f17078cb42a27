// Cross-site request protection for cookie-authenticated requests. SameSite=Lax cookies still ride
// along on top-level cross-site GETs and on same-site (sibling subdomain) requests, so a request
// that changes state with a cookie must also prove it comes from Loupe's own pages: its Origin is
// one of ours, or the browser says Sec-Fetch-Site: same-origin. Pure; unit-tested.

import { requestedOrigin } from "@/lib/http/request-origin";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** The origins Loupe's own pages are served from: PUBLIC_BASE_URL's, else the request's own. */
export function appOrigins(request: Request, publicBaseUrl?: string): string[] {
  const origins = new Set<string>();
  if (publicBaseUrl) origins.add(new URL(publicBaseUrl).origin);
  else {
    origins.add(new URL(request.url).origin);
    origins.add(requestedOrigin(request));
  }
  return [...origins];
}

/**
 * Whether a cookie-authenticated request may proceed. Safe methods always may (they must not change
 * state). Unsafe ones need a matching Origin, or Sec-Fetch-Site: same-origin when Origin is absent.
 * A request with neither (not from a browser we can vouch for) is refused: it can use an API key.
 */
export function sameOriginAllowed(request: Request, origins: string[]): boolean {
  if (isSafeMethod(request.method)) return true;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return false;
  const origin = request.headers.get("origin");
  if (origin) return origin !== "null" && origins.includes(origin);
  return site === "same-origin";
}
