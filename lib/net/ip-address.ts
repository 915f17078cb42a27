// Reading IP address literals, with ipaddr.js: IPv4 in every spelling inet_aton accepts
// (`2130706433`, `0x7f.1`, `0177.0.0.1`, which SSRF filters often miss) and IPv6 with or without
// brackets, a zone id or an IPv4 tail. Pure.
import ipaddr from "ipaddr.js";

export type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** An IPv4 address as an unsigned 32-bit integer. */
export type IPv4 = number;
/** An IPv6 address as eight 16-bit groups. */
export type IPv6 = [number, number, number, number, number, number, number, number];

// A part padded past 12 digits (`0000000000000177.1`) was never read as an address here; it stays
// a name, as before. (A part that long without the padding is out of range anyway.)
const PADDED_PART = /(?:^|\.)0x?[0-9a-f]{13,}(?:\.|$)/i;

/**
 * An IPv4 address in any form inet_aton accepts: `a.b.c.d`, `a.b.c`, `a.b` or `a`, each part
 * decimal, octal (leading 0) or hex (0x). Null when `host` is not such a literal.
 */
export function readIPv4(host: string): ipaddr.IPv4 | null {
  if (PADDED_PART.test(host)) return null;
  // inet_aton (and the WHATWG URL parser) read a bare `0x` as 0; ipaddr.js wants a digit after it.
  const spelled = host.replace(/(^|\.)0x(?=\.|$)/gi, "$10");
  try {
    return ipaddr.IPv4.parse(spelled);
  } catch {
    return null;
  }
}

/** An IPv6 literal (optionally in brackets, with a zone id, or with an IPv4 tail); null when it is not one. */
export function readIPv6(input: string): ipaddr.IPv6 | null {
  let s = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  // A zone id (fe80::1%eth0) names an interface, not an address; any text is taken and dropped.
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(":")) return null;
  // The IPv4 tail is four decimal parts (no hex, no padding) at the end of the address.
  const tail = s.slice(s.lastIndexOf(":") + 1);
  if (tail.includes(".") && !/^\d{1,3}(\.\d{1,3}){3}$/.test(tail)) return null;
  // ipaddr.js reads `::a.b.c.d` as IPv4-mapped (::ffff:a.b.c.d); it is IPv4-compatible, in ::/96.
  // Spelled `0::a.b.c.d` it is read as written.
  if (/^::[^:]*$/.test(s)) s = `0${s}`;
  try {
    return ipaddr.IPv6.parse(s);
  } catch {
    return null;
  }
}

/** An IPv4 or IPv6 literal, as readIPv4 and readIPv6 read them; null for anything else (a DNS name). */
export function readAddress(host: string): Address | null {
  return readIPv4(host) ?? readIPv6(host);
}

/** The address as an IPv6 one: an IPv4 address becomes IPv4-mapped (::ffff:a.b.c.d). */
export function asIPv6(address: Address): ipaddr.IPv6 {
  return address instanceof ipaddr.IPv4 ? address.toIPv4MappedAddress() : address;
}

/** The IPv4 address in bytes `at`..`at + 3` of an IPv6 one (a mapped, translated, NAT64 or 6to4 form). */
export function embeddedIPv4(address: ipaddr.IPv6, at: number): ipaddr.IPv4 {
  return new ipaddr.IPv4(address.toByteArray().slice(at, at + 4));
}

/** An IPv4 literal as a 32-bit integer (see readIPv4); null when `host` is not one. */
export function parseIPv4(host: string): IPv4 | null {
  const v4 = readIPv4(host);
  return v4 === null ? null : v4.octets.reduce((value, octet) => value * 256 + octet, 0);
}

/** Dotted-quad text of an IPv4 integer. */
export function formatIPv4(ip: IPv4): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".");
}

/** An IPv6 literal as eight 16-bit groups (see readIPv6); null when `input` is not one. */
export function parseIPv6(input: string): IPv6 | null {
  const v6 = readIPv6(input);
  return v6 === null ? null : (v6.parts.slice() as IPv6);
}
