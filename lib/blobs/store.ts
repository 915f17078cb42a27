// Where blob bytes live. Keys are sha256 hex digests computed by Loupe, never names from outside,
// so a key can never become a path. Implementations: local disk (default), the database (shared
// by every instance on PostgreSQL); an S3-compatible bucket implements the same three calls.

export interface BlobStore {
  readonly kind: "disk" | "database" | "s3";
  /** Store bytes under `key` (idempotent: identical key means identical bytes). */
  write(key: string, data: Uint8Array, mediaType: string): Promise<void>;
  /** The bytes, or null when the key is unknown. */
  read(key: string): Promise<Uint8Array | null>;
}

const KEY = /^[0-9a-f]{64}$/;

export function isBlobKey(key: string): boolean {
  return KEY.test(key);
}

export function assertBlobKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`Not a blob key: ${JSON.stringify(key.slice(0, 80))}`);
}
