// Turns a provider's thumbnail URL into an EncodedImage the model and the trace can use: fetched
// through the SSRF-safe fetcher (or decoded from an inline `data:image/...;base64` URL, which needs
// no fetch), then re-encoded by sharp. Failures are NetError / ImageDecodeError with plain messages.

import type { EncodedImage } from "@/lib/agent/ports";
import { NetError } from "@/lib/net/errors";
import type { SafeFetcher } from "@/lib/net/safe-fetch";
import { reencodeImage } from "./reencode";

export interface ThumbnailOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  maxEdge: number;
  maxInputPixels: number;
}

export const THUMBNAIL_DEFAULTS: ThumbnailOptions = {
  maxBytes: 4 * 1024 * 1024,
  timeoutMs: 5_000,
  maxRedirects: 3,
  maxEdge: 512,
  maxInputPixels: 40_000_000,
};

const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"] as const;
const DATA_URL = /^data:(image\/(?:jpeg|png|webp|gif|avif));base64,/i;

export interface ThumbnailLoader {
  load(url: string, signal?: AbortSignal): Promise<EncodedImage>;
}

export function createThumbnailLoader(fetcher: SafeFetcher, options: Partial<ThumbnailOptions> = {}): ThumbnailLoader {
  const opts = { ...THUMBNAIL_DEFAULTS, ...options };
  return {
    async load(url, signal) {
      const bytes = DATA_URL.test(url)
        ? decodeDataUrl(url, opts.maxBytes)
        : (
            await fetcher.fetch(url, {
              maxBytes: opts.maxBytes,
              timeoutMs: opts.timeoutMs,
              maxRedirects: opts.maxRedirects,
              acceptContentTypes: IMAGE_TYPES,
              signal,
            })
          ).body;
      return reencodeImage(bytes, { maxEdge: opts.maxEdge, maxInputPixels: opts.maxInputPixels });
    },
  };
}

function decodeDataUrl(url: string, maxBytes: number): Uint8Array {
  const comma = url.indexOf(",");
  // base64 is 4/3 of the bytes: refuse before decoding anything oversized.
  if ((url.length - comma - 1) * 0.75 > maxBytes) {
    throw new NetError("too_large", "The inline thumbnail is too large.");
  }
  return new Uint8Array(Buffer.from(url.slice(comma + 1), "base64"));
}
