// A link the server gave as a path alone, because it does not know its public address
// (lib/http/link-origin), completed with the address this page is open at: the browser's own,
// which no one else's request can choose. Anything else is returned as it is. For client components.

export function absoluteLink(url: string, origin?: string): string {
  const base = origin ?? (typeof window === "undefined" ? undefined : window.location.origin);
  if (!base || !url.startsWith("/") || url.startsWith("//")) return url;
  return `${base}${url}`;
}
