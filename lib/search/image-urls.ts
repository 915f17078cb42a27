// Short-lived, single-use, unguessable URLs under PUBLIC_BASE_URL that serve exactly one image, so
// a Lens provider can fetch the conversation's original. The token is 256 random bits; the store
// only ever sees its SHA-256, so a leaked store (or DB row) cannot be turned into a working URL.
// The image is re-encoded on issue, which strips EXIF (GPS, camera serials) and other metadata.

import { randomBytes } from "node:crypto";
import type { EncodedImage } from "@/lib/agent/ports";
import { hashToken } from "@/lib/crypto/token-hash";
import { reencodeImage } from "./reencode";

export interface PublicImage {
  data: Uint8Array;
  mediaType: "image/png" | "image/jpeg";
}

export interface StoredPublicImage {
  image: PublicImage;
  expiresAt: number;
  usesLeft: number;
}

/**
 * Where issued images wait to be fetched. A DB-backed store for several app instances implements
 * `take` atomically (e.g. `UPDATE … SET uses_left = uses_left - 1 WHERE key = $1 AND uses_left > 0
 * AND expires_at > now() RETURNING …`, deleting rows at zero or past expiry).
 */
export interface ImageTokenStore {
  put(key: string, entry: StoredPublicImage): Promise<void>;
  /** Count one use and return the image; null when unknown, expired or used up. */
  take(key: string, now: number): Promise<PublicImage | null>;
}

export function createMemoryImageTokenStore(options: { maxEntries?: number } = {}): ImageTokenStore {
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, StoredPublicImage>();
  const sweep = (now: number) => {
    for (const [k, v] of entries) if (v.expiresAt <= now) entries.delete(k);
    // Still full: drop the oldest (Map keeps insertion order).
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
  };
  return {
    put(key, entry) {
      sweep(Date.now());
      entries.set(key, entry);
      return Promise.resolve();
    },
    take(key, now) {
      const e = entries.get(key);
      if (!e) return Promise.resolve(null);
      if (e.expiresAt <= now) {
        entries.delete(key);
        return Promise.resolve(null);
      }
      e.usesLeft -= 1;
      if (e.usesLeft <= 0) entries.delete(key);
      return Promise.resolve(e.image);
    },
  };
}

export interface ImageUrlIssuer {
  /** Store the image (re-encoded, metadata stripped) and return its public URL. */
  issue(image: EncodedImage): Promise<string>;
  /** The image for a URL's last path segment (`<token>` or `<token>.jpg`), consuming one use; null otherwise. */
  redeem(segment: string): Promise<PublicImage | null>;
}

export interface ImageUrlIssuerOptions {
  /** e.g. https://loupe.example.com (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** Default 120 s: long enough for a provider to fetch, short enough to be useless later. */
  ttlMs?: number;
  /** Default 1. Raise only if a provider is seen fetching the same URL twice. */
  maxUses?: number;
  store?: ImageTokenStore;
  /** Route the integrator mounts `redeem` on. Default /api/public-images. */
  routePath?: string;
  /** Pixel limit when re-encoding. */
  maxInputPixels?: number;
  now?: () => number;
}

const SEGMENT = /^([A-Za-z0-9_-]{43})(?:\.(?:png|jpe?g))?$/;

export function createImageUrlIssuer(options: ImageUrlIssuerOptions): ImageUrlIssuer {
  const base = options.publicBaseUrl.replace(/\/+$/, "");
  const route = (options.routePath ?? "/api/public-images").replace(/\/+$/, "");
  const ttlMs = options.ttlMs ?? 120_000;
  const maxUses = options.maxUses ?? 1;
  const store = options.store ?? createMemoryImageTokenStore();
  const now = options.now ?? Date.now;

  return {
    async issue(image) {
      const clean = await reencodeImage(image.data, {
        maxInputPixels: options.maxInputPixels ?? 100_000_000,
        format: image.mediaType === "image/png" ? "png" : "jpeg",
      });
      const token = randomBytes(32).toString("base64url");
      await store.put(hashToken(token), {
        image: { data: clean.data, mediaType: clean.mediaType },
        expiresAt: now() + ttlMs,
        usesLeft: maxUses,
      });
      const ext = clean.mediaType === "image/png" ? "png" : "jpg";
      return `${base}${route}/${token}.${ext}`;
    },
    async redeem(segment) {
      const m = SEGMENT.exec(segment);
      if (!m) return null;
      return store.take(hashToken(m[1] as string), now());
    },
  };
}
