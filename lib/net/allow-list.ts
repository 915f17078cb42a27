// The instance admin's allow list for workspace endpoints on private addresses: host names
// (gpu-box, searxng.lan) and address ranges (10.0.0.0/8, fd00::/8, 192.168.1.20). Pure, so that
// lib/env.ts can validate LOUPE_ALLOW_PRIVATE_ENDPOINTS with it.
import type ipaddr from "ipaddr.js";
import { asIPv6, readAddress } from "./ip-address";

/** A host name, or an address range: IPv4 ranges as their IPv4-mapped IPv6 range (::ffff:0:0/96 + prefix). */
type Entry = { host: string } | { range: [ipaddr.IPv6, number] };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;

/** An address as IPv6; IPv4 (any spelling) and IPv4-mapped IPv6 are the same address. */
function addressOf(text: string): ipaddr.IPv6 | null {
  const address = readAddress(text);
  return address === null ? null : asIPv6(address);
}

function parseEntry(raw: string): Entry | string {
  const entry = raw
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  const slash = entry.indexOf("/");
  const address = slash >= 0 ? entry.slice(0, slash) : entry;
  const parsed = readAddress(address);
  if (parsed !== null) {
    const isV4 = parsed.kind() === "ipv4";
    const max = isV4 ? 32 : 128;
    const prefix = slash >= 0 ? entry.slice(slash + 1) : String(max);
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
      return `"${raw.trim()}" has a prefix length that is not a number from 0 to ${max}`;
    }
    return { range: [asIPv6(parsed), (isV4 ? 96 : 0) + Number(prefix)] };
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
  const ip = addressOf(address ?? name);
  for (const raw of allow) {
    const entry = parseEntry(raw);
    if (typeof entry === "string") continue;
    if ("host" in entry ? entry.host === name : ip !== null && ip.match(entry.range)) return true;
  }
  return false;
}
