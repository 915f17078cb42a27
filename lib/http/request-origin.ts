// The origin a client asked for. Next.js builds `request.url` from the host it listens on
// (`localhost` for `next start`), not from the address the browser used, so a person who opens
// Loupe at http://192.168.1.20:3000 or http://loupe.lan:3000 would otherwise be told their own
// pages are cross-site. The Host header names what the browser asked for; the protocol stays the
// request's (behind a TLS proxy, PUBLIC_BASE_URL says the rest). Pure; unit-tested.

// A host name, IPv4 or [IPv6] literal, with an optional port: nothing else is taken from a header.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function requestedOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("host")?.trim();
  return host && HOST.test(host) ? `${url.protocol}//${host.toLowerCase()}` : url.origin;
}

/**
 * The request as the client addressed it: the same request with its URL on the Host header's
 * origin, for code that reads the origin from `request.url` (better-auth's Origin check).
 */
export function asRequested(request: Request): Request {
  const origin = requestedOrigin(request);
  const url = new URL(request.url);
  if (url.origin === origin) return request;
  return new Request(`${origin}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    // Streams a request body through unchanged (required by fetch for a stream body).
    duplex: "half",
  } as RequestInit);
}
