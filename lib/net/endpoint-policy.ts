// Which addresses a URL taken from a workspace's settings (model server, SearXNG, sandbox) may
// reach: the SSRF-safe fetcher's address policy (lib/net/ip-policy.ts: no loopback, private,
// link-local, CGNAT, ULA, metadata or other special addresses), unless the instance admin allows
// the host or its address range (LOUPE_ALLOW_PRIVATE_ENDPOINTS and the instance setting).
//
// The guard is enforced where the socket is made: an address literal is judged before connecting
// (Node does not look literals up), a name inside the socket's DNS lookup (so DNS rebinding cannot
// slip an internal address in after a check), and the peer once connected. A refused address is
// never connected to, and the sentence depends only on the address, never on what listens there.
import dns from "node:dns";
import type { LookupFunction, Socket } from "node:net";
import { allowedByPolicy } from "./allow-list";
import { NetError } from "./errors";
import { classifyAddress } from "./ip-policy";

export { allowedByPolicy, parseAllowList } from "./allow-list";

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface EndpointPolicy {
  /** Hosts (gpu-box, searxng.lan) and address ranges (10.0.0.0/8, fd00::/8, 192.168.1.20) allowed although private. */
  allow: readonly string[];
  /** How names are resolved (default: the system resolver, as sockets do). Tests inject their own. */
  resolve?: Resolver;
}

/** The refusal, one sentence that says what to do; it depends on the address alone. */
export function endpointRefused(host: string, reason: string): NetError {
  return new NetError(
    "blocked_address",
    `${host} is a private address (${reason}), and a workspace's settings may not point into the server's own network. ` +
      `Use a public address, or ask the instance admin to allow ${host} (under Model & tools in Settings, or with LOUPE_ALLOW_PRIVATE_ENDPOINTS on the server).`,
  );
}

/** Whether an error (or its cause) is a refusal by this policy; its message is then the sentence to show. */
export function isEndpointRefusal(error: unknown): error is NetError {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof NetError && e.code === "blocked_address") return true;
  }
  return false;
}

/** The refusal inside an error chain, if any. */
export function endpointRefusalOf(error: unknown): NetError | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof NetError && e.code === "blocked_address") return e;
  }
  return undefined;
}

export interface EndpointGuard {
  readonly policy: EndpointPolicy;
  /** Refuse a URL whose host is a blocked address literal. Call before every connection (redirects too). */
  checkUrl(url: URL): void;
  /** The `lookup` for http.request, net.connect and ws: refuses names that resolve to a blocked address. */
  lookup: LookupFunction;
  /** Judge the address a socket actually connected to. */
  checkPeer(socket: Socket, hostname: string): void;
  /** Up-front check of a URL (its literal, or every address its name resolves to), e.g. when settings are saved. */
  check(url: string): Promise<void>;
}

const systemResolve: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export function createEndpointGuard(policy: EndpointPolicy): EndpointGuard {
  const resolve = policy.resolve ?? systemResolve;
  const display = (hostname: string) => hostname.replace(/^\[|\]$/g, "");

  function judge(hostname: string, address: string): void {
    const verdict = classifyAddress(address);
    if (verdict === null) throw endpointRefused(display(hostname), "not an IP address");
    if (verdict.blocked && !allowedByPolicy(policy.allow, hostname, address)) {
      throw endpointRefused(display(hostname), verdict.reason);
    }
  }

  function checkUrl(url: URL): void {
    // The WHATWG parser has already turned 2130706433, 0x7f.1 or 0177.0.0.1 into 127.0.0.1.
    const literal = url.hostname.replace(/^\[|\]$/g, "");
    if (classifyAddress(literal) !== null) judge(url.hostname, literal);
  }

  const lookup: LookupFunction = (hostname, options, callback) => {
    const done = callback as unknown as (
      e: Error | null,
      address?: string | dns.LookupAddress[],
      family?: number,
    ) => void;
    resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = family ? found.filter((a) => a.family === family) : found;
        try {
          if (addresses.length === 0) throw new NetError("network", `${hostname} has no address.`);
          for (const a of addresses) judge(hostname, a.address);
        } catch (e) {
          return done(e as Error);
        }
        if (options.all) return done(null, addresses);
        done(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => done(error),
    );
  };

  function checkPeer(socket: Socket, hostname: string): void {
    if (socket.remoteAddress) judge(hostname, socket.remoteAddress);
  }

  async function check(raw: string): Promise<void> {
    const url = new URL(raw);
    checkUrl(url);
    if (classifyAddress(url.hostname.replace(/^\[|\]$/g, "")) !== null) return;
    let found: { address: string }[];
    try {
      found = await resolve(url.hostname);
    } catch {
      return; // a name that does not resolve here cannot be connected to either; the connection says so
    }
    for (const a of found) judge(url.hostname, a.address);
  }

  return { policy, checkUrl, lookup, checkPeer, check };
}
