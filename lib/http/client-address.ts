// Which address a request comes from, for per-client limits (sign-in attempts). The socket's peer
// is the only address a client cannot choose: the server stamps it on every request as
// PEER_ADDRESS_HEADER (lib/server/peer-address.ts), overwriting whatever the client sent.
// X-Forwarded-For (or AUTH_CLIENT_IP_HEADER) is read only when that peer is a proxy listed in
// LOUPE_TRUSTED_PROXIES, walking from the right past each trusted hop: anyone can write the left
// end, so rotating it once dodged the per-address limit. Pure apart from node:net; unit-tested.
import { BlockList, isIP } from "node:net";

/** Set by the server from the socket, never taken from the client. */
export const PEER_ADDRESS_HEADER = "x-loupe-peer-address";
/** The resolved client address, as handed to better-auth's rate limiter. */
export const CLIENT_ADDRESS_HEADER = "x-loupe-client-address";
/** Stands for a request whose peer is unknown (not served through the stamping server): one shared bucket. */
export const UNKNOWN_ADDRESS = "0.0.0.0";

export interface ClientAddressSettings {
  /** LOUPE_TRUSTED_PROXIES: IP addresses and CIDR ranges. */
  trustedProxies: readonly string[];
  /** AUTH_CLIENT_IP_HEADER: the header a trusted proxy puts the client's address in. */
  forwardedHeader: string;
}

/** An address as written in a header or by the socket: brackets, ports and IPv4-in-IPv6 removed. */
export function plainAddress(value: string): string | null {
  let v = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(v)) v = v.replace(/:\d+$/, "");
  v = v.replace(/%[\w.-]+$/, ""); // an IPv6 zone
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(v);
  if (mapped) v = mapped[1]!;
  return isIP(v) ? v.toLowerCase() : null;
}

/** LOUPE_TRUSTED_PROXIES as entries, or the first entry that is not an IP address or CIDR range. */
export function parseTrustedProxies(value: string | undefined): { entries: string[]; invalid?: string } {
  const entries = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const invalid = entries.find((entry) => !cidr(entry));
  return invalid === undefined ? { entries } : { entries, invalid };
}

function cidr(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [raw, bits, extra] = entry.split("/");
  if (extra !== undefined || raw === undefined) return null;
  const address = plainAddress(raw);
  if (!address) return null;
  const family = isIP(address) === 4 ? "ipv4" : "ipv6";
  const max = family === "ipv4" ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return null;
  const prefix = bits === undefined ? max : Number(bits);
  return prefix <= max ? { address, prefix, family } : null;
}

const lists = new Map<string, BlockList>();

function trustedList(entries: readonly string[]): BlockList {
  const key = entries.join(",");
  let list = lists.get(key);
  if (!list) {
    list = new BlockList();
    for (const entry of entries) {
      const range = cidr(entry);
      if (range) list.addSubnet(range.address, range.prefix, range.family);
    }
    if (lists.size > 16) lists.clear();
    lists.set(key, list);
  }
  return list;
}

function trusted(address: string, list: BlockList): boolean {
  return list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

/** The client's address, or null when the request carries no peer address. */
export function clientAddress(headers: Headers, settings: ClientAddressSettings): string | null {
  const peer = plainAddress(headers.get(PEER_ADDRESS_HEADER) ?? "");
  if (!peer) return null;
  const list = trustedList(settings.trustedProxies);
  if (!trusted(peer, list)) return peer;
  const hops = (headers.get(settings.forwardedHeader) ?? "").split(",");
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hops[i]!);
    // Not an address: nothing to its left can be believed; the last proxy stands for the client.
    if (!hop) return client;
    client = hop;
    if (!trusted(hop, list)) return hop;
  }
  return client;
}

/** The request with CLIENT_ADDRESS_HEADER set from `clientAddress` (whatever the client sent). */
export function withClientAddress(request: Request, settings: ClientAddressSettings): Request {
  const headers = new Headers(request.headers);
  headers.set(CLIENT_ADDRESS_HEADER, clientAddress(request.headers, settings) ?? UNKNOWN_ADDRESS);
  return new Request(request.url, {
    method: request.method,
    headers,
    body: request.body,
    signal: request.signal,
    // Streams a request body through unchanged (required by fetch for a stream body).
    duplex: "half",
  } as RequestInit);
}
