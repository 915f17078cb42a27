import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { DatabaseBlobStore } from "./database";
import { DiskBlobStore } from "./disk";
import { createBlobService, sha256Hex } from "./service";

describe.each(DATABASE_KINDS)("blob service on %s", (kind) => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-blobs-"));
  });
  afterAll(async () => {
    await db.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  // The database store serves PostgreSQL deployments; on PGlite blobs always live on disk
  // (pglite-prisma-adapter 0.6 cannot bind bytea parameters).
  const stores = () =>
    kind === "postgres" ? [new DiskBlobStore(dir), new DatabaseBlobStore(db)] : [new DiskBlobStore(dir)];

  it.each([0, 1])("stores by content and reads back the same bytes (store %i)", async (i) => {
    const store = stores()[i];
    if (!store) return expect(kind).toBe("pglite");
    const service = createBlobService({ db: db.prisma, store });
    const data = new Uint8Array([137, 80, 78, 71, i, 1, 2, 3]);
    const { key } = await service.put({ data, mediaType: "image/png", width: 2, height: 1 });
    expect(key).toBe(sha256Hex(data));
    const again = await service.put({ data, mediaType: "image/png" });
    expect(again.key).toBe(key);
    const got = await service.get(key);
    expect(got && Buffer.from(got.data).equals(Buffer.from(data))).toBe(true);
    expect(got).toMatchObject({ mediaType: "image/png", size: data.byteLength, width: 2, height: 1 });
  });

  it("never treats an outside string as a key or a path", async () => {
    const service = createBlobService({ db: db.prisma, store: new DiskBlobStore(dir) });
    expect(await service.get("../../etc/passwd")).toBeNull();
    expect(await service.get("A".repeat(64))).toBeNull();
    expect(await service.get("0".repeat(64))).toBeNull();
    await expect(new DiskBlobStore(dir).read("../secret")).rejects.toThrow(/Not a blob key/);
  });
});
