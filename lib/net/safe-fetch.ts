// The one way the server fetches a URL it did not choose (thumbnails from search results, and any
// future user- or model-supplied URL). Every hop is checked twice: the URL before connecting, and
// the address actually dialled, inside the socket's DNS lookup, so DNS rebinding cannot slip an
// internal address in between the check and the connect. Redirects are followed by hand and each
// hop goes through the same checks. Size, time, redirect count and content type are capped.

import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { NetError } from "./errors";
import { canonicalAddress, classifyAddress } from "./ip-policy";

export interface SafeFetcherConfig {
  /**
   * Exact `address:port` pairs that may be reached even though the address is private or the port
   * is not 80/443, e.g. `["127.0.0.1:41234"]` for the local fake servers in tests. Production
   * leaves this empty; it is plain configuration, not a test switch.
   */
  allowPrivate?: readonly string[];
  /** Ports allowed for public addresses. Default [80, 443]. */
  allowedPorts?: readonly number[];
  userAgent?: string;
}

export interface SafeFetchOptions {
  /** Largest body accepted, in bytes; the download is aborted past it. */
  maxBytes: number;
  /** Deadline for the whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects?: number;
  /** Accepted media types (lowercase, without parameters), e.g. ["image/jpeg", "image/png"]. */
  acceptContentTypes: readonly string[];
  signal?: AbortSignal;
}

export interface SafeFetchResult {
  /** The final URL after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: Uint8Array;
}

export interface SafeFetcher {
  fetch(url: string, options: SafeFetchOptions): Promise<SafeFetchResult>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createSafeFetcher(config: SafeFetcherConfig = {}): SafeFetcher {
  const allowPrivate = new Set(
    (config.allowPrivate ?? []).map((entry) => {
      const i = entry.lastIndexOf(":");
      return `${canonicalAddress(entry.slice(0, i)) ?? entry.slice(0, i)}:${entry.slice(i + 1)}`;
    }),
  );
  const allowedPorts = new Set(config.allowedPorts ?? [80, 443]);
  const userAgent = config.userAgent ?? "Loupe/0.1 (+thumbnail fetcher)";

  const isAllowlisted = (address: string, port: number) =>
    allowPrivate.has(`${canonicalAddress(address) ?? address}:${port}`);

  /** Refuse an address unless it is public, or exactly allowlisted together with its port. */
  function checkAddress(address: string, port: number, host: string): void {
    const verdict = classifyAddress(address);
    if (verdict === null) throw new NetError("blocked_address", `${host} did not resolve to an IP address.`);
    if (verdict.blocked && !isAllowlisted(address, port)) {
      throw new NetError("blocked_address", `${host} points to a ${verdict.reason} address, which is not fetched.`);
    }
  }

  function checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new NetError("bad_url", "The address is not a valid URL.");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new NetError("blocked_scheme", `Only http and https URLs are fetched, not ${url.protocol.slice(0, -1)}.`);
    }
    if (url.username || url.password) throw new NetError("bad_url", "URLs with credentials are not fetched.");
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    // The WHATWG parser has already turned 2130706433 or 0x7f.1 into 127.0.0.1.
    const literal = classifyAddress(url.hostname);
    if (!allowedPorts.has(port) && !(literal !== null && isAllowlisted(url.hostname.replace(/^\[|\]$/g, ""), port))) {
      throw new NetError("blocked_port", `Port ${port} is not allowed; only ports 80 and 443 are fetched.`);
    }
    if (literal !== null) checkAddress(url.hostname.replace(/^\[|\]$/g, ""), port, url.hostname);
    return url;
  }

  /** DNS lookup that refuses to hand a blocked address to the socket. */
  function guardedLookup(port: number): LookupFunction {
    return (hostname, options, callback) => {
      dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, "", 0);
        try {
          if (addresses.length === 0) throw new NetError("network", `${hostname} has no address.`);
          for (const a of addresses) checkAddress(a.address, port, hostname);
        } catch (e) {
          return callback(e as NodeJS.ErrnoException, "", 0);
        }
        if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
        const first = addresses[0] as dns.LookupAddress;
        callback(null, first.address, first.family);
      });
    };
  }

  function requestOnce(url: URL, opts: SafeFetchOptions, signal: AbortSignal) {
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    const mod = url.protocol === "https:" ? https : http;
    return new Promise<{ res: http.IncomingMessage; req: http.ClientRequest }>((resolve, reject) => {
      const req = mod.request(url, {
        method: "GET",
        agent: false, // no pooling: every connection goes through the guarded lookup
        lookup: guardedLookup(port),
        headers: { "user-agent": userAgent, accept: opts.acceptContentTypes.join(", ") },
        signal,
      });
      // Belt and braces: judge the peer the socket really connected to.
      req.on("socket", (socket) => {
        socket.once("connect", () => {
          try {
            if (socket.remoteAddress) checkAddress(socket.remoteAddress, socket.remotePort ?? port, url.hostname);
          } catch (e) {
            req.destroy(e as Error);
          }
        });
      });
      req.on("response", (res) => resolve({ res, req }));
      req.on("error", reject);
      req.end();
    });
  }

  async function readBody(res: http.IncomingMessage, req: http.ClientRequest, maxBytes: number, host: string) {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        req.destroy();
        throw new NetError("too_large", `The file at ${host} is larger than ${formatBytes(maxBytes)}.`);
      }
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  }

  async function fetchUrl(raw: string, opts: SafeFetchOptions): Promise<SafeFetchResult> {
    const deadline = AbortSignal.timeout(opts.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
    const maxRedirects = opts.maxRedirects ?? 3;
    let url = checkUrl(raw);
    try {
      for (let hop = 0; ; hop++) {
        const { res, req } = await requestOnce(url, opts, signal);
        const status = res.statusCode ?? 0;
        if (REDIRECTS.has(status) && res.headers.location) {
          res.resume();
          if (hop >= maxRedirects) {
            throw new NetError("too_many_redirects", `${url.hostname} redirected more than ${maxRedirects} times.`);
          }
          url = checkUrl(new URL(res.headers.location, url).href);
          continue;
        }
        if (status < 200 || status > 299) {
          res.resume();
          throw new NetError("http_status", `${url.hostname} answered HTTP ${status}.`);
        }
        const contentType = (res.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
        if (!opts.acceptContentTypes.includes(contentType)) {
          res.resume();
          throw new NetError(
            "bad_content_type",
            `${url.hostname} sent ${contentType || "an untyped file"}, not ${opts.acceptContentTypes.join(" or ")}.`,
          );
        }
        const declared = Number(res.headers["content-length"]);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          req.destroy();
          throw new NetError("too_large", `The file at ${url.hostname} is larger than ${formatBytes(opts.maxBytes)}.`);
        }
        const body = await readBody(res, req, opts.maxBytes, url.hostname);
        return { url: url.href, status, contentType, body };
      }
    } catch (e) {
      throw toNetError(e, url, opts, deadline);
    }
  }

  return { fetch: fetchUrl };
}

function toNetError(e: unknown, url: URL, opts: SafeFetchOptions, deadline: AbortSignal): NetError {
  if (e instanceof NetError) return e;
  const cause = (e as { cause?: unknown })?.cause;
  if (cause instanceof NetError) return cause;
  if (deadline.aborted) {
    return new NetError("timeout", `${url.hostname} did not answer within ${opts.timeoutMs / 1000} s.`, { cause: e });
  }
  if (opts.signal?.aborted) return new NetError("aborted", "The fetch was cancelled.", { cause: e });
  const code = (e as NodeJS.ErrnoException)?.code;
  return new NetError("network", `Could not fetch from ${url.hostname}${code ? ` (${code})` : ""}.`, { cause: e });
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}
