// The S3 store against a local S3-compatible server that checks every SigV4 signature.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { parseEnv } from "@/lib/env";
import { startFakeS3, type FakeS3 } from "@/e2e/mocks/s3/server";
import { BlobStoreError, S3BlobStore, s3SettingsFromEnv, type S3Settings } from "./s3";
import { createBlobService, sha256Hex } from "./service";

const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 1, 2, 3, 250]);

describe("the S3 blob store", () => {
  let s3: FakeS3;
  let db: TestDatabase;
  let settings: S3Settings;
  beforeAll(async () => {
    s3 = await startFakeS3();
    db = await openTestDatabase("pglite");
    settings = s3SettingsFromEnv(parseEnv(s3.env))!;
  });
  afterEach(() => s3.failNext(200, "", 0));
  afterAll(async () => {
    await s3.close();
    await db.dispose();
  });

  it("stores by content under the prefix and reads back the same bytes", async () => {
    const service = createBlobService({ db: db.prisma, store: new S3BlobStore(settings) });
    const { key } = await service.put({ data: png, mediaType: "image/png", width: 1, height: 1 });
    expect(key).toBe(sha256Hex(png));
    const object = s3.objects.get(`loupe/blobs/${key}`);
    expect(object?.contentType).toBe("image/png");
    expect(object && new Uint8Array(object.data)).toEqual(png);
    const got = await service.get(key);
    expect(got && new Uint8Array(got.data)).toEqual(png);
    expect(got).toMatchObject({ mediaType: "image/png", size: png.byteLength });
  });

  it("reads an unknown key as absent", async () => {
    await expect(new S3BlobStore(settings).read("f".repeat(64))).resolves.toBeNull();
  });

  it("never turns a key into a path", async () => {
    await expect(new S3BlobStore(settings).read("../../etc/passwd")).rejects.toThrow(/Not a blob key/);
  });

  it("explains refused credentials and a missing bucket, naming the settings to fix", async () => {
    const wrongSecret = new S3BlobStore({ ...settings, secretAccessKey: "not-the-secret" });
    await expect(wrongSecret.write(sha256Hex(png), png, "image/png")).rejects.toThrow(
      /credentials were refused: check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_REGION/,
    );
    await expect(new S3BlobStore({ ...settings, region: "us-west-2" }).check()).rejects.toThrow(BlobStoreError);
    const noBucket = new S3BlobStore({ ...settings, bucket: "no-such-bucket" });
    await expect(noBucket.read(sha256Hex(png))).rejects.toThrow(/bucket does not exist: create it or fix S3_BUCKET/);
    await expect(noBucket.check()).rejects.toThrow(/bucket does not exist/);
    await expect(new S3BlobStore(settings).check()).resolves.toBeUndefined();
  });

  it("retries a brief 503 and reports a lasting one", async () => {
    const store = new S3BlobStore(settings);
    s3.failNext(503, "SlowDown", 1);
    await expect(store.write(sha256Hex(png), png, "image/png")).resolves.toBeUndefined();
    s3.failNext(503, "SlowDown", 5);
    await expect(store.read(sha256Hex(png))).rejects.toThrow(/the service answered 503 \(SlowDown\)/);
  });

  it("reports a service that is not there in a sentence", async () => {
    const gone = new S3BlobStore({ ...settings, endpoint: "http://127.0.0.1:9" });
    await expect(gone.read(sha256Hex(png))).rejects.toThrow(/image bucket at http:\/\/127\.0\.0\.1:9 is unreachable/);
  });

  it("addresses AWS buckets by host name and custom endpoints by path", () => {
    const key = "a".repeat(64);
    const aws = new S3BlobStore({ ...settings, endpoint: undefined, region: "eu-west-1", bucket: "team-images" });
    expect(aws.objectUrl(key)).toBe(`https://team-images.s3.eu-west-1.amazonaws.com/loupe/blobs/${key}`);
    expect(new S3BlobStore(settings).objectUrl(key)).toBe(`${s3.url}/loupe-test/loupe/blobs/${key}`);
    expect(new S3BlobStore({ ...settings, pathStyle: false, endpoint: "https://r2.example.com" }).objectUrl(key)).toBe(
      `https://loupe-test.r2.example.com/loupe/blobs/${key}`,
    );
  });

  it("is used only when a bucket and both keys are configured", () => {
    expect(s3SettingsFromEnv(parseEnv({}))).toBeUndefined();
    expect(settings).toMatchObject({ bucket: "loupe-test", region: "eu-central-1", prefix: "loupe/blobs/" });
  });
});
