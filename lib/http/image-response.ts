import "server-only";
import { AppError } from "@/lib/errors";
import type { Runtime } from "@/lib/runs/runtime";

const ALLOWED = new Set(["image/png", "image/jpeg"]);

/** A stored image as a response. Content-addressed, so it never changes: cache it for long. */
export async function imageResponse(runtime: Runtime, key: string, options: { private: boolean }): Promise<Response> {
  const blob = await runtime.blobs.get(key);
  if (!blob || !ALLOWED.has(blob.mediaType))
    throw new AppError("not_found:image", "There is no such image, or you cannot see it.");
  return new Response(Buffer.from(blob.data), {
    headers: {
      "content-type": blob.mediaType,
      "content-length": String(blob.data.byteLength),
      "cache-control": `${options.private ? "private" : "public"}, max-age=31536000, immutable`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      etag: `"${key}"`,
    },
  });
}
