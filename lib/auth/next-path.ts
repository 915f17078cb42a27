// Where to go after signing in: only a path on this site. Anything that could leave it (another
// origin, a protocol-relative `//host`, a backslash trick, a `javascript:` URL) becomes "/". Pure.

export function safeNextPath(next: string | null | undefined): string {
  if (!next || typeof next !== "string") return "/";
  if (next.length > 2048) return "/";
  // Browsers treat `\` as `/` in URLs, and strip tabs and newlines before parsing.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return "/";
  if (!next.startsWith("/") || next.startsWith("//")) return "/";
  try {
    const url = new URL(next, "http://loupe.invalid");
    if (url.origin !== "http://loupe.invalid") return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
