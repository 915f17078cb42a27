// For tests of body limits: a request whose body would be `totalBytes` long, made lazily chunk by
// chunk, that records how much of it the reader pulled. Pulling far past what any limit allows
// errors the stream ("kept reading"), so a reader without a limit fails fast instead of
// allocating a gigabyte.

export interface HugeBody {
  request: Request;
  /** Chunks the reader has pulled so far. */
  pulled(): number;
  /** Bytes the reader has pulled so far, the prefix included. */
  pulledBytes(): number;
}

export function hugeBodyRequest(input: {
  url?: string;
  headers?: Record<string, string>;
  /** Sent first, as one chunk (a multipart part's headers, say). */
  prefix?: string;
  totalBytes: number;
  chunkBytes?: number;
  /** The stream errors once the reader pulls more than this. */
  failAfterBytes: number;
}): HugeBody {
  const chunk = new Uint8Array(input.chunkBytes ?? 64 * 1024).fill(0x61); // "a"
  const prefix = input.prefix ? new TextEncoder().encode(input.prefix) : undefined;
  let pulled = 0;
  let bytes = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (bytes >= input.totalBytes) return controller.close();
        if (bytes > input.failAfterBytes) {
          return controller.error(new Error(`the reader kept reading far past its limit (${bytes} bytes)`));
        }
        const next = pulled === 0 && prefix ? prefix : chunk.slice();
        pulled += 1;
        bytes += next.byteLength;
        controller.enqueue(next);
      },
    },
    { highWaterMark: 0 }, // nothing is made before the reader asks
  );
  const request = new Request(input.url ?? "http://loupe.test/api/body", {
    method: "POST",
    headers: input.headers,
    body: stream,
    duplex: "half", // required by fetch for a stream body
  } as RequestInit);
  return { request, pulled: () => pulled, pulledBytes: () => bytes };
}

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
