// The headers every HTML page is sent with (proxy.ts), built here so they can be tested alone.
// Scripts run only with this response's nonce (Next.js puts it on its own scripts, and scripts
// they load are trusted through 'strict-dynamic'), so markup that slipped into a page cannot run
// script, load a plugin, change the base URL or be framed. Images are the app's own (every
// stored, search and model image is served from this origin), data: and blob: (previews of
// files being uploaded).

/** 128 random bits, base64: unguessable, and fresh for every response. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(input: { nonce: string; dev?: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // React's development build evaluates code to rebuild server stacks; production never does.
    "script-src": ["'self'", `'nonce-${input.nonce}'`, "'strict-dynamic'", ...(input.dev ? ["'unsafe-eval'"] : [])],
    // Inline styles cannot run script, and the UI needs them: the dialogs' scroll lock adds a
    // <style> element, components set style="", Next.js's own pages carry <style>. (A nonce here
    // would turn 'unsafe-inline' off.)
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** Share pages (/s/…) are opened by people outside the workspace: their address is the secret. */
export function isSharePage(pathname: string): boolean {
  return pathname === "/s" || pathname.startsWith("/s/");
}

/** The response headers of an HTML page at `pathname` rendered with `nonce`. */
export interface PageSecurityHeaders {
  "content-security-policy": string;
  "x-content-type-options": "nosniff";
  "referrer-policy": "no-referrer" | "strict-origin-when-cross-origin";
  "x-frame-options": "DENY";
}

export function pageSecurityHeaders(input: { pathname: string; nonce: string; dev?: boolean }): PageSecurityHeaders {
  return {
    "content-security-policy": contentSecurityPolicy(input),
    "x-content-type-options": "nosniff",
    // A share link's token must not leak to the sites its trace links to.
    "referrer-policy": isSharePage(input.pathname) ? "no-referrer" : "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
  };
}
