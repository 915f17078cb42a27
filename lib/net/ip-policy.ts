// Which addresses a server-side fetch may connect to. Only public unicast space is allowed:
// everything loopback, private, link-local, shared (CGNAT), unique-local, unspecified, multicast,
// broadcast, documentation or reserved is refused, including when it hides inside an IPv6 form
// (IPv4-mapped, IPv4-compatible, NAT64, 6to4). Addresses are read and ranges matched by ipaddr.js
// (lib/net/ip-address.ts); which ranges are refused, and the reason each gives, is this table.
import ipaddr from "ipaddr.js";
import { embeddedIPv4, readAddress } from "./ip-address";

export type AddressVerdict = { blocked: false } | { blocked: true; reason: string };

type Block = { range: [ipaddr.IPv4 | ipaddr.IPv6, number]; reason: string };

const blocks = (list: Array<[string, string]>): Block[] =>
  list.map(([cidr, reason]) => ({ range: ipaddr.parseCIDR(cidr), reason }));

/** The first matching block refuses an address; the order matters where ranges nest. */
const IPV4_BLOCKS = blocks([
  ["0.0.0.0/8", "unspecified (“this network”)"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "shared address space (CGNAT)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "IETF protocol assignments"],
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "6to4 relay anycast"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved or broadcast"],
]);

/** IPv6 forms that carry an IPv4 address: judged as that address, found at byte `at`. */
const IPV6_EMBEDDINGS = (
  [
    ["::ffff:0:0/96", "IPv4-mapped", 12], // ::ffff:a.b.c.d
    ["::ffff:0:0:0/96", "IPv4-translated", 12], // ::ffff:0:a.b.c.d
    ["64:ff9b::/96", "NAT64", 12],
    ["2002::/16", "6to4", 2],
  ] as const
).map(([cidr, form, at]) => ({ range: ipaddr.parseCIDR(cidr), form, at }));

const IPV6_BLOCKS = blocks([
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  // ::a.b.c.d (IPv4-compatible) is deprecated and never needed for a public fetch.
  ["::/96", "IPv4-compatible IPv6 (deprecated)"],
  ["fc00::/7", "unique local (ULA)"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local"],
  ["ff00::/8", "multicast"],
  ["2001:db8::/32", "documentation"],
  // 2001::/23 holds Teredo (which embeds arbitrary IPv4) and other protocol assignments.
  ["2001::/23", "IETF protocol assignments"],
]);

/** Everything outside global unicast 2000::/3 (NAT64 local-use, discard-only, …) is refused. */
const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

function firstBlock(address: ipaddr.IPv4 | ipaddr.IPv6, list: Block[]): AddressVerdict {
  const block = list.find((b) => address.kind() === b.range[0].kind() && address.match(b.range));
  return block ? { blocked: true, reason: block.reason } : { blocked: false };
}

export function classifyIPv4(ip: ipaddr.IPv4): AddressVerdict {
  return firstBlock(ip, IPV4_BLOCKS);
}

export function classifyIPv6(ip: ipaddr.IPv6): AddressVerdict {
  const embedding = IPV6_EMBEDDINGS.find((e) => ip.match(e.range));
  if (embedding) {
    const v = classifyIPv4(embeddedIPv4(ip, embedding.at));
    return v.blocked ? { blocked: true, reason: `${v.reason}, written as ${embedding.form} IPv6` } : v;
  }
  const verdict = firstBlock(ip, IPV6_BLOCKS);
  if (verdict.blocked || ip.match(GLOBAL_UNICAST)) return verdict;
  return { blocked: true, reason: "reserved" };
}

/**
 * Judge an address literal (IPv4 in any inet_aton spelling, or IPv6 with or without brackets).
 * Returns null when `host` is not an IP literal (a DNS name must be resolved first).
 */
export function classifyAddress(host: string): AddressVerdict | null {
  const address = readAddress(host);
  if (address === null) return null;
  return address instanceof ipaddr.IPv4 ? classifyIPv4(address) : classifyIPv6(address);
}

/** Canonical text of an address literal, for allowlist comparison; null when not a literal. */
export function canonicalAddress(host: string): string | null {
  const address = readAddress(host);
  if (address === null) return null;
  if (address instanceof ipaddr.IPv4) return address.toString();
  // An IPv4-mapped address is the IPv4 address for allowlisting purposes.
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  return address.toNormalizedString();
}
