// The origin of links that leave Loupe: in emails (password resets, invitations) and shown for
// copying (share links, invitation and reset links made for someone else). Whoever sends a request
// chooses its Host header, so a link built from it could carry a valid token to their own site
// (`Host: evil.example` on request-password-reset once mailed the victim a link to evil.example).
// Such links come only from PUBLIC_BASE_URL, or from the request's Host when it is listed in
// LOUPE_ALLOWED_HOSTS. Accepting requests at any address (lib/http/request-origin.ts, for the
// Origin checks) is a different question and stays as it is. Pure; unit-tested.

export interface LinkSettings {
  /** PUBLIC_BASE_URL */
  publicBaseUrl?: string;
  /** LOUPE_ALLOWED_HOSTS: host or host:port entries, lowercase; a host without a port allows any. */
  allowedHosts: readonly string[];
}

// A host name, IPv4 or [IPv6] literal, with an optional port: nothing else is taken from a header.
export const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function hostName(host: string): string {
  return host.replace(/:\d+$/, "");
}

/** Whether `host` (a Host header's value) is one of the allowed entries. */
export function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const asked = host.trim().toLowerCase();
  if (!HOST_PATTERN.test(asked)) return false;
  return allowedHosts.some((entry) => entry === asked || (!/:\d+$/.test(entry) && entry === hostName(asked)));
}

/** The origin for links that leave the app, or null when neither setting vouches for one. */
export function linkOrigin(request: Request, settings: LinkSettings): string | null {
  if (settings.publicBaseUrl) return settings.publicBaseUrl.replace(/\/+$/, "");
  const host = request.headers.get("host")?.trim().toLowerCase();
  if (!host || !hostAllowed(host, settings.allowedHosts)) return null;
  return `${new URL(request.url).protocol}//${host}`;
}

/**
 * A link to `path` shown to the person who asked for it: absolute when the origin is known,
 * otherwise the path alone, which the page showing it completes with the address it is open at.
 */
export function shownLink(request: Request, settings: LinkSettings, path: string): string {
  return `${linkOrigin(request, settings) ?? ""}${path}`;
}

/** Why a link cannot be emailed from this request: a sentence naming the settings. */
export function noLinkOriginReason(request: Request | undefined, settings: LinkSettings): string {
  const host = request?.headers.get("host")?.trim().toLowerCase();
  if (settings.allowedHosts.length > 0) {
    const named = host && HOST_PATTERN.test(host) ? host : "the address this request used";
    return `Loupe cannot email a link to ${named}: it is not in LOUPE_ALLOWED_HOSTS. Open Loupe at one of the addresses listed there, or set PUBLIC_BASE_URL.`;
  }
  return "Loupe cannot email links because it does not know its public address: set PUBLIC_BASE_URL (e.g. https://loupe.example.com), or list the host names people use in LOUPE_ALLOWED_HOSTS.";
}

/** LOUPE_ALLOWED_HOSTS as entries, or the first entry that is not a host[:port]. */
export function parseAllowedHosts(value: string | undefined): { hosts: string[]; invalid?: string } {
  const hosts = (value ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const invalid = hosts.find((h) => !HOST_PATTERN.test(h));
  return invalid === undefined ? { hosts } : { hosts, invalid };
}
