// Where to go after signing in: only a path on this site. Anything that could leave it (another
// origin, a protocol-relative `//host`, a backslash trick, a `javascript:` URL) becomes "/". Pure;
// used by the server (the sign-in and sign-up pages' redirects) and by the account form before it
// navigates.

const BASE = "http://loupe.invalid";
// Browsers treat `\` as `/` in URLs, and strip tabs and newlines before parsing.
const UNSAFE = /[\\\u0000-\u001f\u007f]/;
// Layers of percent-encoding looked through; a path still encoded deeper than this is refused.
const DECODE_ROUNDS = 4;

function leavesSite(path: string): boolean {
  return !path.startsWith("/") || path.startsWith("//") || UNSAFE.test(path);
}

export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== "string" || next === "" || next.length > 2048) return "/";
  if (leavesSite(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  // The path as resolved: dot segments can leave `//host` (`/.//evil` becomes `//evil`), and a
  // browser or proxy that decodes it once more would find `//` or `\` in `%2F%2F` or `%5C`.
  let path = url.pathname;
  for (let round = 0; ; round++) {
    if (leavesSite(path)) return "/";
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return "/";
    }
    if (decoded === path) break;
    if (round === DECODE_ROUNDS) return "/";
    path = decoded;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
