import type { Db } from "@/lib/db/client";
import { assertBlobKey, type BlobStore } from "./store";

/**
 * Blob bytes in the `Blob` table itself, so every app instance on one PostgreSQL reads them
 * without a shared disk. Fine for trace-sized images; a bucket suits very large volumes.
 * PostgreSQL only: pglite-prisma-adapter 0.6 cannot bind bytea parameters, and one PGlite
 * process has its data directory anyway.
 */
export class DatabaseBlobStore implements BlobStore {
  readonly kind = "database" as const;

  constructor(private readonly db: Db) {}

  async write(key: string, data: Uint8Array, mediaType: string): Promise<void> {
    assertBlobKey(key);
    await this.db.blob.upsert({
      where: { key },
      create: { key, mediaType, size: data.byteLength, data: Buffer.from(data) },
      update: { data: Buffer.from(data) },
    });
  }

  async read(key: string): Promise<Uint8Array | null> {
    assertBlobKey(key);
    const row = await this.db.blob.findUnique({ where: { key }, select: { data: true } });
    return row?.data ? new Uint8Array(row.data) : null;
  }
}
