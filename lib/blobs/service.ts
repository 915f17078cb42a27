// Blobs as the rest of Loupe uses them: bytes in a `BlobStore`, and a `Blob` row with the media
// type and pixel size, so any instance can describe and serve an image by its key.
import { createHash } from "node:crypto";
import type { BlobPort } from "@/lib/agent/ports";
import type { Db } from "@/lib/db/client";
import { isBlobKey, type BlobStore } from "./store";

export interface StoredBlob {
  key: string;
  mediaType: string;
  size: number;
  width: number | null;
  height: number | null;
}

export interface BlobService extends BlobPort {
  readonly store: BlobStore;
  put(input: { data: Uint8Array; mediaType: string; width?: number; height?: number }): Promise<{ key: string }>;
  /** Metadata and bytes, or null for an unknown or malformed key. */
  get(key: string): Promise<(StoredBlob & { data: Uint8Array }) | null>;
  describe(key: string): Promise<StoredBlob | null>;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export function createBlobService({ db, store }: { db: Db; store: BlobStore }): BlobService {
  async function describe(key: string): Promise<StoredBlob | null> {
    if (!isBlobKey(key)) return null;
    return db.blob.findUnique({
      where: { key },
      select: { key: true, mediaType: true, size: true, width: true, height: true },
    });
  }

  return {
    store,
    async put({ data, mediaType, width, height }) {
      const key = sha256Hex(data);
      // Bytes first: a row never points at bytes that are not there.
      await store.write(key, data, mediaType);
      await db.blob.upsert({
        where: { key },
        create: { key, mediaType, size: data.byteLength, width: width ?? null, height: height ?? null },
        update: width !== undefined && height !== undefined ? { width, height } : {},
        // Not the bytes: without a select, Prisma returns every column, `data` included.
        select: { key: true },
      });
      return { key };
    },
    async get(key) {
      const meta = await describe(key);
      if (!meta) return null;
      const data = await store.read(key);
      return data ? { ...meta, data } : null;
    },
    describe,
  };
}
