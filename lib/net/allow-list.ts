// The instance admin's allow list for workspace endpoints on private addresses: host names
// (gpu-box, searxng.lan) and address ranges (10.0.0.0/8, fd00::/8, 192.168.1.20). Pure, so that
// lib/env.ts can validate LOUPE_ALLOW_PRIVATE_ENDPOINTS with it.
import { parseIPv4, parseIPv6 } from "./ip-address";

type Entry = { host: string } | { base: bigint; mask: bigint };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;

/** An address as a 128-bit number; IPv4 (any spelling) and IPv4-mapped IPv6 are the same number. */
function addressBits(text: string): bigint | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return (0xffffn << 32n) | BigInt(v4);
  const v6 = parseIPv6(text);
  return v6 === null ? null : v6.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

const ALL = (1n << 128n) - 1n;

function parseEntry(raw: string): Entry | string {
  const entry = raw
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  const slash = entry.indexOf("/");
  const address = slash >= 0 ? entry.slice(0, slash) : entry;
  const bits = addressBits(address);
  if (bits !== null) {
    const isV4 = parseIPv4(address) !== null;
    const max = isV4 ? 32 : 128;
    const prefix = slash >= 0 ? entry.slice(slash + 1) : String(max);
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
      return `"${raw.trim()}" has a prefix length that is not a number from 0 to ${max}`;
    }
    const mask = (ALL << BigInt(128 - (isV4 ? 96 + Number(prefix) : Number(prefix)))) & ALL;
    return { base: bits & mask, mask };
  }
  if (slash < 0 && HOST_NAME.test(entry.replace(/\.$/, ""))) return { host: entry.replace(/\.$/, "") };
  return `"${raw.trim()}" is neither a host name nor an address range (write e.g. gpu-box, 10.0.0.0/8 or fd00::/8)`;
}

/** Split and check an allow list (comma- or line-separated); `problem` is a sentence fragment for the first bad entry. */
export function parseAllowList(text: string | readonly string[]): { entries: string[]; problem?: string } {
  const entries = (typeof text === "string" ? text.split(/[,\s]+/) : text).map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (typeof parsed === "string") return { entries, problem: parsed };
  }
  return { entries };
}

/** Whether the admin allows `hostname` (by name) or `address` (by range), although it is private. */
export function allowedByPolicy(allow: readonly string[], hostname: string, address?: string): boolean {
  const name = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  const bits = addressBits(address ?? name);
  for (const raw of allow) {
    const entry = parseEntry(raw);
    if (typeof entry === "string") continue;
    if ("host" in entry ? entry.host === name : bits !== null && (bits & entry.mask) === entry.base) return true;
  }
  return false;
}
