// A `fetch` for URLs that came from a workspace's settings: node:http with the endpoint guard on
// every connection (the literal before connecting, the name inside the socket's DNS lookup, the
// peer once connected), and redirects followed by hand so that each hop is judged the same way.
// It takes what callers here send (string or byte bodies, Request objects from
// @jupyterlab/services) and streams the response body, so callers keep their own size caps.
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { isEndpointRefusal, type EndpointGuard } from "./endpoint-policy";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("This operation was aborted", "AbortError");
}

async function bodyBytes(body: BodyInit | null | undefined): Promise<Buffer | undefined> {
  if (body == null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(await new Response(body).arrayBuffer());
}

export function createGuardedFetch(guard: EndpointGuard): typeof fetch {
  return async function guardedFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const request = input instanceof Request ? input : undefined;
    let url = new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input);
    let method = (init.method ?? request?.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers ?? request?.headers);
    let body =
      init.body != null
        ? await bodyBytes(init.body)
        : request?.body
          ? Buffer.from(await request.arrayBuffer())
          : undefined;
    const signal = init.signal ?? request?.signal ?? undefined;

    for (let hop = 0; ; hop++) {
      if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new TypeError(`Cannot fetch ${url.protocol} URLs.`);
      if (signal?.aborted) throw abortError(signal);
      guard.checkUrl(url);
      const res = await send(guard, url, method, headers, body, signal);
      const location = res.headers.location;
      if (res.statusCode && REDIRECTS.has(res.statusCode) && location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) throw new TypeError(`Too many redirects from ${url.origin}.`);
        const next = new URL(location, url);
        // As fetch does: 303 (and 301/302 after a POST) become a body-less GET; credentials stay on their origin.
        if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === "POST")) {
          method = "GET";
          body = undefined;
          headers.delete("content-type");
        }
        if (next.origin !== url.origin) headers.delete("authorization");
        url = next;
        continue;
      }
      const responseHeaders = new Headers();
      for (const [key, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
        else if (value !== undefined) responseHeaders.set(key, value);
      }
      const status = res.statusCode ?? 500;
      const nullBody = status === 204 || status === 205 || status === 304 || method === "HEAD";
      if (nullBody) res.resume();
      return new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
        status,
        statusText: res.statusMessage ?? "",
        headers: responseHeaders,
      });
    }
  };
}

function send(
  guard: EndpointGuard,
  url: URL,
  method: string,
  headers: Headers,
  body: Buffer | undefined,
  signal: AbortSignal | undefined,
): Promise<http.IncomingMessage> {
  const outgoing: Record<string, string> = {};
  headers.forEach((value, key) => (outgoing[key] = value));
  delete outgoing["content-length"];
  if (body) outgoing["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = (url.protocol === "https:" ? https : http).request(url, {
      method,
      headers: outgoing,
      agent: false, // no pooled sockets: every connection goes through the guarded lookup
      lookup: guard.lookup,
    });
    req.on("socket", (socket) => {
      socket.once("connect", () => {
        try {
          guard.checkPeer(socket, url.hostname);
        } catch (e) {
          req.destroy(e as Error);
        }
      });
    });
    const onAbort = () => req.destroy(abortError(signal!));
    signal?.addEventListener("abort", onAbort, { once: true });
    req.once("close", () => signal?.removeEventListener("abort", onAbort));
    req.on("response", resolve);
    // A refusal is passed on as itself, so that whoever wraps it (an SDK, @jupyterlab/services) keeps its sentence.
    req.on("error", (error) =>
      reject(
        signal?.aborted
          ? abortError(signal)
          : isEndpointRefusal(error)
            ? error
            : new TypeError("fetch failed", { cause: error }),
      ),
    );
    req.end(body);
  });
}
