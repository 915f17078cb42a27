// Provider text is untrusted: titles arrive with <b> tags and entities, can be 50 KB long, and
// links can be `javascript:`. Everything here is pure, linear-time (no regex that can backtrack on
// hostile input) and bounded, so a hostile result cannot blow up the observation or the trace.
import { decodeHTMLStrict } from "entities/decode";

export const LIMITS = {
  title: 200,
  snippet: 600,
  date: 40,
  link: 2048,
} as const;

const INLINE_TAG = /^<\/?(b|strong|em|i|u|s|span|a|mark|small|sup|sub|code|font|abbr)\b/i;

/** Remove HTML tags. A `<` not followed by a tag-like character is kept as text ("a < b"). */
export function stripTags(input: string): string {
  let out = "";
  let i = 0;
  let noMoreClosers = false;
  while (i < input.length) {
    const lt = input.indexOf("<", i);
    if (lt < 0) {
      out += input.slice(i);
      break;
    }
    out += input.slice(i, lt);
    const next = input.charCodeAt(lt + 1);
    const tagLike =
      (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 47 || next === 33 || next === 63; // A-Z a-z / ! ?
    const gt = tagLike && !noMoreClosers ? input.indexOf(">", lt + 1) : -1;
    if (gt < 0) {
      if (tagLike) noMoreClosers = true; // remember, so the scan stays linear
      out += "<";
      i = lt + 1;
    } else {
      // Inline formatting (<b>, <strong>, Brave's highlights) joins words; other tags separate them.
      out += INLINE_TAG.test(input.slice(lt, Math.min(gt + 1, lt + 12))) ? "" : " ";
      i = gt + 1;
    }
  }
  return out;
}

/**
 * Decode HTML character references (all of HTML's named ones, decimal and hex) with `entities`,
 * each ended by its semicolon; anything else, `&bogus;` included, stays as written. A reference to
 * no character (`&#0;`, a surrogate, past U+10FFFF), which HTML reads as U+FFFD, gives nothing,
 * and so does a literal U+FFFD: it only says that bytes were lost before the text reached us.
 */
export function decodeEntities(input: string): string {
  return decodeHTMLStrict(input).replaceAll("\uFFFD", "");
}

/** Collapse whitespace (including newlines, which would break the protocol's line layout) and drop control characters. */
export function collapseWhitespace(input: string): string {
  return input
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Cut to `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(input: string, max: number): string {
  if (input.length <= max) return input;
  const points = Array.from(input);
  if (points.length <= max) return input;
  return `${points
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}

/** Plain, single-line, bounded text from provider HTML-ish text. Non-strings become "". */
export function cleanText(value: unknown, max: number): string {
  if (typeof value !== "string" && typeof value !== "number") return "";
  // Pre-cut generously before the linear passes, so a 50 KB title costs no more than a 4 KB one.
  const raw = String(value).slice(0, max * 8);
  return truncate(collapseWhitespace(decodeEntities(stripTags(raw))), max);
}

/**
 * A link safe to render and to hand to the model: absolute http(s), no credentials, bounded
 * length. Anything else (`javascript:`, `data:`, relative, malformed) gives null.
 */
export function safeLink(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > LIMITS.link) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return url.href;
}
