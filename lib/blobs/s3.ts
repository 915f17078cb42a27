// Blob bytes in an S3-compatible bucket (AWS S3, MinIO, R2, Ceph…), so every app instance reads
// them without a shared disk and without storing images in the database. Requests are signed with
// SigV4 (aws4fetch); objects are named `<prefix><sha256>`, so a key never becomes a path.
import { AwsClient } from "aws4fetch";
import { assertBlobKey, type BlobStore } from "./store";

export interface S3Settings {
  bucket: string;
  /** The service's base URL; unset means AWS S3 in `region`. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Object name prefix, ending in "/" (or empty). */
  prefix: string;
  /** Bucket in the path rather than the host name; default: yes with a custom endpoint. */
  pathStyle?: boolean;
  timeoutMs?: number;
}

/** The bucket answered with an error, or did not answer: a sentence for the operator. */
export class BlobStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BlobStoreError";
  }
}

export class S3BlobStore implements BlobStore {
  readonly kind = "s3" as const;
  private readonly client: AwsClient;
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly settings: S3Settings) {
    // Two quick retries on 5xx/429; the caller's request should not hang on a sick bucket.
    this.client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      service: "s3",
      region: settings.region,
      retries: 2,
    });
    const endpoint = new URL(settings.endpoint ?? `https://s3.${settings.region}.amazonaws.com`);
    const pathStyle = settings.pathStyle ?? settings.endpoint !== undefined;
    if (!pathStyle) endpoint.hostname = `${settings.bucket}.${endpoint.hostname}`;
    const root = endpoint.href.replace(/\/+$/, "");
    this.base = pathStyle ? `${root}/${settings.bucket}/` : `${root}/`;
    this.timeoutMs = settings.timeoutMs ?? 30_000;
  }

  /** Where `key` lives (for messages and tests). */
  objectUrl(key: string): string {
    assertBlobKey(key);
    return `${this.base}${this.settings.prefix}${key}`;
  }

  async read(key: string): Promise<Uint8Array | null> {
    const res = await this.send(this.objectUrl(key), { method: "GET" });
    if (res.ok) return new Uint8Array(await res.arrayBuffer());
    const failure = await this.failure(`read image ${key.slice(0, 12)}…`, res);
    // A missing object is an unknown key; a missing bucket is a configuration error.
    if (res.status === 404 && failure.code !== "NoSuchBucket") return null;
    throw failure;
  }

  async write(key: string, data: Uint8Array, mediaType: string): Promise<void> {
    const res = await this.send(this.objectUrl(key), {
      method: "PUT",
      body: data.slice(), // an ArrayBuffer-backed copy, as fetch's types require
      headers: { "content-type": mediaType },
    });
    if (!res.ok) throw await this.failure(`store image ${key.slice(0, 12)}…`, res);
    await res.body?.cancel();
  }

  /** Whether the bucket exists and takes these credentials (for `doctor` and health). */
  async check(): Promise<void> {
    const res = await this.send(this.base, { method: "HEAD" });
    await res.body?.cancel();
    if (res.status === 404)
      throw new BlobStoreError(
        this.sentence("open the bucket", "the bucket does not exist: create it or fix S3_BUCKET"),
      );
    if (!res.ok) throw await this.failure("open the bucket", res);
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.client.fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === "TimeoutError" ? "did not answer in time" : "is unreachable";
      throw new BlobStoreError(
        `The image bucket at ${new URL(url).origin} ${reason}. Check S3_ENDPOINT and that the service is running.`,
        { cause: error },
      );
    }
  }

  private async failure(action: string, res: Response): Promise<BlobStoreError & { code?: string }> {
    const body = await res.text().catch(() => "");
    const code = /<Code>([^<]{1,80})<\/Code>/.exec(body)?.[1];
    const why =
      res.status === 403 || code === "SignatureDoesNotMatch" || code === "InvalidAccessKeyId"
        ? "the credentials were refused: check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_REGION"
        : code === "NoSuchBucket"
          ? "the bucket does not exist: create it or fix S3_BUCKET"
          : `the service answered ${res.status}${code ? ` (${code})` : ""}`;
    return Object.assign(new BlobStoreError(this.sentence(action, why)), { code });
  }

  private sentence(action: string, why: string): string {
    return `Image bucket ${this.settings.bucket}: could not ${action}, because ${why}.`;
  }
}

/** The S3 settings in the environment, or undefined when no bucket is configured. */
export function s3SettingsFromEnv(e: {
  S3_BUCKET?: string;
  S3_ENDPOINT?: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_PREFIX: string;
  S3_FORCE_PATH_STYLE?: boolean;
}): S3Settings | undefined {
  if (!e.S3_BUCKET || !e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) return undefined;
  return {
    bucket: e.S3_BUCKET,
    ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    prefix: e.S3_PREFIX,
    ...(e.S3_FORCE_PATH_STYLE !== undefined ? { pathStyle: e.S3_FORCE_PATH_STYLE } : {}),
  };
}
