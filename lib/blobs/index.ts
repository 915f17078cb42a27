// The process's blob service: bytes on local disk under the data directory with PGlite, in the
// database with PostgreSQL so every instance reads them (an S3 store would slot in here).
import "server-only";
import path from "node:path";
import { getDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { DatabaseBlobStore } from "./database";
import { DiskBlobStore } from "./disk";
import { createBlobService, type BlobService } from "./service";

export type { BlobService, StoredBlob } from "./service";
export { isBlobKey } from "./store";

const globalForBlobs = globalThis as typeof globalThis & { __loupeBlobs?: Promise<BlobService> };

export function getBlobs(): Promise<BlobService> {
  globalForBlobs.__loupeBlobs ??= (async () => {
    const database = await getDatabase();
    const store =
      database.kind === "postgres"
        ? new DatabaseBlobStore(database.prisma)
        : new DiskBlobStore(path.join(env().LOUPE_DATA_DIR, "blobs"));
    return createBlobService({ db: database.prisma, store });
  })().catch((error: unknown) => {
    globalForBlobs.__loupeBlobs = undefined;
    throw error;
  });
  return globalForBlobs.__loupeBlobs;
}
