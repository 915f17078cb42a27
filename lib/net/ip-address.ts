// Pure parsing of IP address literals, including the legacy IPv4 spellings (`2130706433`,
// `0x7f.1`, `0177.0.0.1`) that inet_aton accepts and that SSRF filters often miss.

/** An IPv4 address as an unsigned 32-bit integer. */
export type IPv4 = number;
/** An IPv6 address as eight 16-bit groups. */
export type IPv6 = [number, number, number, number, number, number, number, number];

function parseIPv4Part(part: string): number | null {
  if (part === "") return null;
  let radix = 10;
  let digits = part;
  if (/^0x/i.test(part)) {
    radix = 16;
    digits = part.slice(2);
    if (digits === "") return 0; // "0x" alone is 0 for inet_aton
  } else if (part.length > 1 && part.startsWith("0")) {
    radix = 8;
    digits = part.slice(1);
  }
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits) || digits.length > 12) return null;
  return parseInt(digits, radix);
}

/**
 * Parse an IPv4 address in any form inet_aton accepts: `a.b.c.d`, `a.b.c`, `a.b` or `a`, each part
 * decimal, octal (leading 0) or hex (0x). Returns null when `host` is not such a literal.
 */
export function parseIPv4(host: string): IPv4 | null {
  const parts = host.split(".");
  if (parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    const n = parseIPv4Part(p);
    if (n === null) return null;
    nums.push(n);
  }
  // The last part fills the remaining bytes: a.b.c → c is 16 bits, a.b → b is 24 bits.
  const last = nums.pop() as number;
  if (nums.some((n) => n > 255)) return null;
  const lastBits = 8 * (4 - nums.length);
  if (last >= 2 ** lastBits) return null;
  let value = 0;
  for (const n of nums) value = value * 256 + n;
  return value * 2 ** lastBits + last;
}

/** Dotted-quad text of an IPv4 integer. */
export function formatIPv4(ip: IPv4): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".");
}

/** Parse an IPv6 literal (optionally in brackets, with a zone id, or with an IPv4 tail). */
export function parseIPv6(input: string): IPv6 | null {
  let s = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(":")) return null;

  // An IPv4 tail (::ffff:127.0.0.1) becomes two 16-bit groups.
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(tail)) return null;
    const v4 = tail.split(".").map(Number);
    if (v4.some((n) => n > 255)) return null;
    const [a, b, c, d] = v4 as [number, number, number, number];
    s = `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }

  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parseGroups = (h: string): number[] | null => {
    if (h === "") return [];
    const out: number[] = [];
    for (const g of h.split(":")) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0] ?? "");
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? "") : [];
  if (!head || !rest) return null;
  if (halves.length === 1) return head.length === 8 ? (head as IPv6) : null;
  const missing = 8 - head.length - rest.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...rest] as IPv6;
}
