// What `GET /api/public-images/[token]` answers, as a Web Response the Next.js route handler can
// return directly. Only GET redeems (a HEAD must not burn the single use). Unknown, expired and
// used tokens all get the same bare 404, so the answer reveals nothing about which it was.

import type { ImageUrlIssuer } from "./image-urls";

const SECURITY_HEADERS = {
  "cache-control": "no-store, private",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex, nofollow",
};

export async function publicImageResponse(
  issuer: ImageUrlIssuer | null,
  method: string,
  segment: string,
): Promise<Response> {
  if (method !== "GET") {
    return new Response(null, { status: 405, headers: { ...SECURITY_HEADERS, allow: "GET" } });
  }
  const image = issuer ? await issuer.redeem(segment) : null;
  if (!image)
    return new Response("Not found", { status: 404, headers: { ...SECURITY_HEADERS, "content-type": "text/plain" } });
  return new Response(new Uint8Array(image.data), {
    status: 200,
    headers: { ...SECURITY_HEADERS, "content-type": image.mediaType, "content-length": String(image.data.byteLength) },
  });
}
