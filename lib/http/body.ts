// Reading request bodies with limits and plain-sentence errors. Bytes are counted as they arrive
// and reading stops at the route's limit, whatever Content-Length says or whether it is there at
// all (a chunked body has none): nothing larger than the limit is ever held.
//
// At the limit the reader stops pulling but does not cancel the stream: cancelling destroys the
// request, and with it the socket, before the 413 can be written. The 413 carries
// `Connection: close` (lib/http/respond.ts), so Node closes the connection once the sentence is
// sent, without reading the rest.
import "server-only";
import { AppError } from "@/lib/errors";

/** An ordinary JSON request (names, settings, ids): 64 KB. */
export const MAX_JSON_BYTES = 64 * 1024;

export function bodyTooLarge(maxBytes: number): AppError {
  const size =
    maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError("payload_too_large:body", `The request body is larger than ${size}, the limit for this request.`);
}

/**
 * Feed the body to `onChunk` as it arrives, counting bytes; throws the 413 once they pass
 * `maxBytes` (or at once if Content-Length says they will). `onChunk` may throw to stop reading.
 */
export async function pumpBody(
  request: Request,
  maxBytes: number,
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
): Promise<void> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return;
  const reader = request.body.getReader();
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      received += value.byteLength;
      if (received > maxBytes) throw bodyTooLarge(maxBytes);
      await onChunk(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/** The whole body, read up to `maxBytes`. */
export async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  await pumpBody(request, maxBytes, (chunk) => void chunks.push(chunk));
  return new Uint8Array(Buffer.concat(chunks));
}

/** The body as UTF-8 text, decoded as it arrives (the bytes are not kept beside the text). */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  await pumpBody(request, maxBytes, (chunk) => void parts.push(decoder.decode(chunk, { stream: true })));
  parts.push(decoder.decode());
  return parts.join("");
}

/** Parse a JSON body; `optional` accepts an empty body as `{}`. */
export async function readJson(
  request: Request,
  options: { optional?: boolean; maxBytes?: number } = {},
): Promise<unknown> {
  const text = await readText(request, options.maxBytes ?? MAX_JSON_BYTES);
  if (text.trim() === "") {
    if (options.optional) return {};
    throw new AppError("bad_request:body", "The request body is empty; send JSON.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request:body", "The request body is not valid JSON.");
  }
}

/**
 * The same request with its body read up to `maxBytes` and held, for a handler that reads the body
 * itself (better-auth's): it never sees more than the limit.
 */
export async function withBodyLimit(request: Request, maxBytes: number): Promise<Request> {
  if (!request.body) return request;
  const body = await readBytes(request, maxBytes);
  const headers = new Headers(request.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(body.byteLength));
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
}
