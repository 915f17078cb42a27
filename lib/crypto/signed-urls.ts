// Short-lived, signed URLs for stored images, so a vLLM server can fetch the pixels itself
// (MODEL_IMAGE_TRANSPORT=url) instead of receiving them inline. HMAC-SHA256 with LOUPE_SECRET.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { secretKey } from "./instance-key";

const DEFAULT_TTL_MS = 10 * 60_000;

function signature(key: string, expires: number): string {
  return createHmac("sha256", secretKey()).update(`blob:${key}:${expires}`).digest("base64url");
}

export function signBlobUrl(input: { baseUrl: string; key: string; ttlMs?: number; now?: number }): string {
  const expires = Math.floor(((input.now ?? Date.now()) + (input.ttlMs ?? DEFAULT_TTL_MS)) / 1000);
  const url = new URL(`/api/model-images/${input.key}`, input.baseUrl);
  url.searchParams.set("exp", String(expires));
  url.searchParams.set("sig", signature(input.key, expires));
  return url.toString();
}

/** True when `sig` is valid for `key` and `exp` has not passed. */
export function verifyBlobUrl(input: { key: string; exp: string | null; sig: string | null; now?: number }): boolean {
  if (!input.exp || !input.sig || !/^\d{1,12}$/.test(input.exp)) return false;
  const expires = Number(input.exp);
  if (expires * 1000 < (input.now ?? Date.now())) return false;
  const expected = Buffer.from(signature(input.key, expires));
  const given = Buffer.from(input.sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
