// Which addresses a server-side fetch may connect to. Only public unicast space is allowed:
// everything loopback, private, link-local, shared (CGNAT), unique-local, unspecified, multicast,
// broadcast, documentation or reserved is refused, including when it hides inside an IPv6 form
// (IPv4-mapped, IPv4-compatible, NAT64, 6to4).

import { formatIPv4, parseIPv4, parseIPv6, type IPv4, type IPv6 } from "./ip-address";

export type AddressVerdict = { blocked: false } | { blocked: true; reason: string };

const ipv4Blocks: Array<[string, number, string]> = [
  ["0.0.0.0", 8, "unspecified (“this network”)"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared address space (CGNAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay anycast"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved or broadcast"],
];

const parsedV4Blocks = ipv4Blocks.map(([base, bits, reason]) => ({
  base: parseIPv4(base) as number,
  mask: bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0,
  reason,
}));

export function classifyIPv4(ip: IPv4): AddressVerdict {
  for (const b of parsedV4Blocks) {
    if ((ip & b.mask) >>> 0 === b.base) return { blocked: true, reason: b.reason };
  }
  return { blocked: false };
}

const v4From = (hi: number, lo: number): IPv4 => ((hi << 16) >>> 0) + lo;

export function classifyIPv6(g: IPv6): AddressVerdict {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g;
  const zeroPrefix = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (zeroPrefix && g5 === 0 && g6 === 0 && g7 === 0) return { blocked: true, reason: "unspecified" };
  if (zeroPrefix && g5 === 0 && g6 === 0 && g7 === 1) return { blocked: true, reason: "loopback" };
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated): judge the IPv4 inside.
  if (zeroPrefix && g5 === 0xffff) return embedded(classifyIPv4(v4From(g6, g7)), "IPv4-mapped");
  // ::a.b.c.d (IPv4-compatible) is deprecated and never needed for a public fetch.
  if (zeroPrefix && g5 === 0) return { blocked: true, reason: "IPv4-compatible IPv6 (deprecated)" };
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) {
    return embedded(classifyIPv4(v4From(g6, g7)), "IPv4-translated");
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return embedded(classifyIPv4(v4From(g6, g7)), "NAT64");
  }
  if (g0 === 0x2002) return embedded(classifyIPv4(v4From(g1, g2)), "6to4");
  if ((g0 & 0xfe00) === 0xfc00) return { blocked: true, reason: "unique local (ULA)" };
  if ((g0 & 0xffc0) === 0xfe80) return { blocked: true, reason: "link-local" };
  if ((g0 & 0xffc0) === 0xfec0) return { blocked: true, reason: "site-local" };
  if ((g0 & 0xff00) === 0xff00) return { blocked: true, reason: "multicast" };
  if (g0 === 0x2001 && g1 === 0x0db8) return { blocked: true, reason: "documentation" };
  // 2001::/23 holds Teredo (which embeds arbitrary IPv4) and other protocol assignments.
  if (g0 === 0x2001 && g1 < 0x0200) return { blocked: true, reason: "IETF protocol assignments" };
  // Everything outside global unicast 2000::/3 (NAT64 local-use, discard-only, …) is refused.
  if ((g0 & 0xe000) !== 0x2000) return { blocked: true, reason: "reserved" };
  return { blocked: false };
}

function embedded(v: AddressVerdict, form: string): AddressVerdict {
  return v.blocked ? { blocked: true, reason: `${v.reason}, written as ${form} IPv6` } : v;
}

/**
 * Judge an address literal (IPv4 in any inet_aton spelling, or IPv6 with or without brackets).
 * Returns null when `host` is not an IP literal (a DNS name must be resolved first).
 */
export function classifyAddress(host: string): AddressVerdict | null {
  const v4 = parseIPv4(host);
  if (v4 !== null) return classifyIPv4(v4);
  const v6 = parseIPv6(host);
  if (v6 !== null) return classifyIPv6(v6);
  return null;
}

/** Canonical text of an address literal, for allowlist comparison; null when not a literal. */
export function canonicalAddress(host: string): string | null {
  const v4 = parseIPv4(host);
  if (v4 !== null) return formatIPv4(v4);
  const v6 = parseIPv6(host);
  if (v6 === null) return null;
  // An IPv4-mapped address is the IPv4 address for allowlisting purposes.
  if (v6.slice(0, 5).every((x) => x === 0) && v6[5] === 0xffff) return formatIPv4(v4From(v6[6], v6[7]));
  return v6.map((x) => x.toString(16)).join(":");
}
