// Secret tokens (API keys, invitation and share links, public image URLs) are stored only as
// their SHA-256 in lowercase hex, so a leaked database or store cannot be turned back into working
// tokens. Content addressing of blobs (lib/blobs) and migration checksums (lib/db/migrate) also use
// SHA-256 but hash data, not secrets, and keep their own code.
import { createHash } from "node:crypto";

/** The stored form of a secret token: sha256 of its UTF-8 bytes, as 64 lowercase hex digits. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
