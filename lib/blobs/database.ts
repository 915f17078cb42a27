import type { Database } from "@/lib/db/client";
import { assertBlobKey, type BlobStore } from "./store";

/**
 * Blob bytes in the `Blob` table itself, so every app instance on one PostgreSQL reads them
 * without a shared disk. Fine for trace-sized images; a bucket suits very large volumes.
 * PostgreSQL only (one PGlite process has its data directory anyway). The bytes go past Prisma
 * (see Database.query); the row itself (mediaType, size) belongs to the blob service.
 */
export class DatabaseBlobStore implements BlobStore {
  readonly kind = "database" as const;

  constructor(private readonly db: Pick<Database, "query">) {}

  async write(key: string, data: Uint8Array, mediaType: string): Promise<void> {
    assertBlobKey(key);
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await this.db.query(
      `INSERT INTO "Blob" ("key", "mediaType", "size", "data") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("key") DO UPDATE SET "data" = EXCLUDED."data"`,
      [key, mediaType, data.byteLength, bytes],
    );
  }

  async read(key: string): Promise<Uint8Array | null> {
    assertBlobKey(key);
    const [row] = await this.db.query<{ data: Buffer | null }>(`SELECT "data" FROM "Blob" WHERE "key" = $1`, [key]);
    return row?.data ? new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) : null;
  }
}
