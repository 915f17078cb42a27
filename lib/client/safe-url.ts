// Links in a trace come from search results (and through them, from anyone on the web): only
// http(s) URLs become links, so `javascript:`, `data:` and the like are never rendered as hrefs.

export function safeHref(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A short, readable form of a link for display: host and path, no scheme or `www.`. */
export function displayUrl(href: string): string {
  try {
    const url = new URL(href);
    const path = url.pathname === "/" ? "" : url.pathname;
    return `${url.hostname.replace(/^www\./, "")}${path}`.slice(0, 80);
  } catch {
    return href.slice(0, 80);
  }
}
