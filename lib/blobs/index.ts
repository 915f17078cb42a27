// The process's blob service: bytes in an S3-compatible bucket when S3_BUCKET is set; otherwise
// on local disk under the data directory with PGlite, and in the database with PostgreSQL, so
// every instance reads them.
import "server-only";
import path from "node:path";
import { getDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { DatabaseBlobStore } from "./database";
import { DiskBlobStore } from "./disk";
import { S3BlobStore, s3SettingsFromEnv } from "./s3";
import { createBlobService, type BlobService } from "./service";

export type { BlobService, StoredBlob } from "./service";
export { isBlobKey } from "./store";

const globalForBlobs = globalThis as typeof globalThis & { __loupeBlobs?: Promise<BlobService> };

export function getBlobs(): Promise<BlobService> {
  globalForBlobs.__loupeBlobs ??= (async () => {
    const database = await getDatabase();
    const s3 = s3SettingsFromEnv(env());
    const store = s3
      ? new S3BlobStore(s3)
      : database.kind === "postgres"
        ? new DatabaseBlobStore(database)
        : new DiskBlobStore(path.join(env().LOUPE_DATA_DIR, "blobs"));
    return createBlobService({ db: database.prisma, store });
  })().catch((error: unknown) => {
    globalForBlobs.__loupeBlobs = undefined;
    throw error;
  });
  return globalForBlobs.__loupeBlobs;
}
