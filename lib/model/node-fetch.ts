// The `fetch` the model client gives the openai SDK: node:http instead of undici, so that a
// streamed answer can be read as a Node stream (`eventStreamOf`) rather than through undici's
// web-stream machinery, which under a hundred concurrent answers cost the runner a sixth of its
// CPU. Every other response (an error, a non-streamed reply) is read whole and handed over as an
// ordinary Response, so the SDK's own error handling sees what it always sees.
// `createNodeFetch(guard)` is the same with the endpoint guard on every hop, for a model server
// whose URL came from a workspace's settings (lib/net/endpoint-policy.ts).
import http from "node:http";
import https from "node:https";
import type { IncomingMessage } from "node:http";
import type { EndpointGuard } from "@/lib/net/endpoint-policy";

const eventStreams = new WeakMap<Response, IncomingMessage>();

/** The raw body of a successful text/event-stream response made by `nodeFetch`, if it is one. */
export function eventStreamOf(response: Response): IncomingMessage | undefined {
  return eventStreams.get(response);
}

function ignore(): void {}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException("This operation was aborted", "AbortError");
}

const MAX_REDIRECTS = 5;

export function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  return fetchWith(undefined, input, init, 0);
}

/** nodeFetch whose every connection, redirects included, goes through `guard`. */
export function createNodeFetch(guard: EndpointGuard): typeof fetch {
  return (input: string | URL | Request, init: RequestInit = {}) => fetchWith(guard, input, init, 0);
}

async function fetchWith(
  guard: EndpointGuard | undefined,
  input: string | URL | Request,
  init: RequestInit,
  redirects: number,
): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`Cannot fetch ${url.protocol} URLs.`);
  guard?.checkUrl(url);
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => (headers[key] = value));
  const body = init.body;
  if (body != null && typeof body !== "string")
    throw new TypeError("The model client sends JSON bodies only (as strings).");
  if (body != null) headers["content-length"] = String(Buffer.byteLength(body));
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);

  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    // A connection of its own (no keep-alive pool): a model call lasts seconds, and aborting it
    // must not touch a socket another request could be using.
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      { method: init.method ?? "GET", headers, agent: false, ...(guard ? { lookup: guard.lookup } : {}) },
      resolve,
    );
    if (guard) {
      request.on("socket", (socket) =>
        socket.once("connect", () => {
          try {
            guard.checkPeer(socket, url.hostname);
          } catch (e) {
            request.destroy(e as Error);
          }
        }),
      );
    }
    const onAbort = () => request.destroy(abortError(signal!));
    signal?.addEventListener("abort", onAbort, { once: true });
    request.once("close", () => signal?.removeEventListener("abort", onAbort));
    // Errors after the response (a reset mid-answer, an abort) reach the reader through the
    // response stream; these listeners only keep the late copies from going unhandled.
    request.on("error", reject);
    request.on("socket", (socket) => socket.on("error", ignore));
    request.end(body ?? undefined);
  });
  res.on("error", ignore);

  // Redirects are followed as fetch does: 307/308 repeat the request, the others become a GET.
  const location = res.headers.location;
  if (res.statusCode && [301, 302, 303, 307, 308].includes(res.statusCode) && location) {
    res.resume();
    if (redirects >= MAX_REDIRECTS) throw new TypeError(`Too many redirects from ${url.origin}.`);
    const again = res.statusCode === 307 || res.statusCode === 308;
    const next = again ? init : { ...init, method: "GET", body: undefined };
    return fetchWith(guard, new URL(location, url), next, redirects + 1);
  }

  const responseHeaders = new Headers();
  for (const [key, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
    else if (value !== undefined) responseHeaders.set(key, value);
  }
  const status = res.statusCode ?? 500;
  const responseInit = { status, statusText: res.statusMessage ?? "", headers: responseHeaders };
  const streamed = status >= 200 && status < 300 && /^text\/event-stream\b/i.test(res.headers["content-type"] ?? "");
  if (streamed) {
    const response = new Response(null, responseInit);
    eventStreams.set(response, res);
    return response;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const nullBody = status === 204 || status === 205 || status === 304;
  return new Response(nullBody ? null : Buffer.concat(chunks), responseInit);
}
