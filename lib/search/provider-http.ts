// Sends one provider request and turns every way it can fail into a PortError with a plain
// sentence: 401/403 → search_auth, 429 (and Tavily's 432/433) → search_rate_limited after at most
// one bounded Retry-After wait, 5xx / other 4xx / bad JSON → search_bad_response, no answer in time
// → search_timeout, unreachable → search_unavailable. Provider endpoints set by the operator
// (SearXNG is often on localhost) use plain fetch; a SearXNG URL from a workspace's settings comes
// with the guarded fetch (`fetch`), whose refusal is passed on as its own sentence.

import { PortError } from "@/lib/agent/ports";
import { endpointRefusalOf } from "@/lib/net/endpoint-policy";
import type { ProviderRequest } from "./providers/types";
import { cleanText } from "./sanitize";

export interface ProviderHttpOptions {
  timeoutMs: number;
  /** Longest Retry-After we are willing to wait once before giving up with search_rate_limited. */
  maxRetryAfterMs: number;
  /** Largest response body read, in bytes. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** How the request is sent (default: global fetch). */
  fetch?: typeof fetch;
}

export interface ProviderIdentity {
  label: string;
  setting: string;
  errorMessage?(body: unknown): string | undefined;
  isAuthError?(status: number, body: unknown): boolean;
  authAdvice?: string;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined; // neither delta-seconds nor an HTTP date
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export async function requestProviderJson(
  who: ProviderIdentity,
  req: ProviderRequest,
  opts: ProviderHttpOptions,
): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const res = await send(who, req, opts);
    if (res.status === 429 || res.status === 432 || res.status === 433) {
      const wait = res.status === 429 ? parseRetryAfter(res.headers.get("retry-after")) : undefined;
      await res.body?.cancel();
      if (attempt === 0 && wait !== undefined && wait <= opts.maxRetryAfterMs) {
        await sleep(wait, opts.signal);
        continue;
      }
      const when = wait !== undefined ? ` Try again in about ${Math.max(1, Math.ceil(wait / 1000))} s.` : "";
      const why = res.status === 429 ? "is limiting how often we can search" : "says the plan's usage limit is reached";
      throw new PortError("search_rate_limited", `${who.label} ${why} (HTTP ${res.status}).${when}`);
    }
    const text = await readCapped(who, res, opts);
    if (!res.ok) throw statusError(who, res.status, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new PortError("search_bad_response", `${who.label} sent a response that is not valid JSON.`);
    }
  }
}

async function send(who: ProviderIdentity, req: ProviderRequest, opts: ProviderHttpOptions): Promise<Response> {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  try {
    return await (opts.fetch ?? fetch)(req.url, { method: req.method, headers: req.headers, body: req.body, signal });
  } catch (e) {
    throw transportError(who, e, opts, deadline);
  }
}

async function readCapped(who: ProviderIdentity, res: Response, opts: ProviderHttpOptions): Promise<string> {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > max) {
          await res.body.cancel().catch(() => undefined); // the stream may already be closing
          throw new PortError("search_bad_response", `${who.label} sent a response larger than ${max >> 20} MB.`);
        }
        chunks.push(chunk);
      }
    }
  } catch (e) {
    if (e instanceof PortError) throw e;
    // The body stream fails with the signal's reason when the deadline passes mid-download.
    if (opts.signal?.aborted) throw opts.signal.reason;
    if ((e as Error)?.name === "TimeoutError" || (e as Error)?.name === "AbortError") {
      throw new PortError("search_timeout", `${who.label} did not answer within ${seconds(opts.timeoutMs)}.`);
    }
    throw new PortError("search_unavailable", `The connection to ${who.label} broke while reading its answer.`);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function statusError(who: ProviderIdentity, status: number, text: string): PortError {
  let detail = "";
  let body: unknown;
  try {
    body = JSON.parse(text);
    const said = who.errorMessage?.(body);
    if (said) detail = `: ${cleanText(said, 160).replace(/[.!]$/, "")}`;
  } catch {
    // not JSON: the status alone has to do
  }
  if (status === 401 || status === 403 || who.isAuthError?.(status, body)) {
    return new PortError(
      "search_auth",
      `${who.label} refused the request (HTTP ${status})${detail}. ${who.authAdvice ?? `Check ${who.setting}.`}`,
    );
  }
  if (status >= 500) return new PortError("search_bad_response", `${who.label} failed with HTTP ${status}${detail}.`);
  return new PortError("search_bad_response", `${who.label} rejected the search (HTTP ${status})${detail}.`);
}

function transportError(who: ProviderIdentity, e: unknown, opts: ProviderHttpOptions, deadline: AbortSignal): unknown {
  if (opts.signal?.aborted) return opts.signal.reason; // the caller cancelled: not a provider fault
  const refused = endpointRefusalOf(e);
  if (refused) return new PortError("search_unavailable", refused.message);
  if (deadline.aborted) {
    return new PortError("search_timeout", `${who.label} did not answer within ${seconds(opts.timeoutMs)}.`);
  }
  const code = (e as { cause?: { code?: string } })?.cause?.code;
  return new PortError("search_unavailable", `Could not reach ${who.label}${code ? ` (${code})` : ""}.`);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortReason(signal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortReason(signal?: AbortSignal): Error {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r : new DOMException("The search was cancelled.", "AbortError");
}
