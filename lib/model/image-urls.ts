// How image parts reach vLLM: data URIs by default (bytes read from the blob store), or short-lived
// signed URLs the vLLM server fetches itself, which keeps request bodies small (PROTOCOL §5.1).
import type { ImageRef } from "@/lib/trace/events";

export type ImageUrlResolver = (image: ImageRef) => Promise<string>;

export function dataUriResolver(read: (key: string) => Promise<Uint8Array>): ImageUrlResolver {
  return async (image) => `data:${image.mediaType};base64,${Buffer.from(await read(image.key)).toString("base64")}`;
}

/** `sign` returns an absolute http(s) URL valid for a short time; vLLM must be allowed to fetch it. */
export function signedUrlResolver(sign: (image: ImageRef) => string | Promise<string>): ImageUrlResolver {
  return async (image) => sign(image);
}
