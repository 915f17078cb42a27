// Share-link tokens: 32 random bytes as base64url in the URL; only their sha256 is stored, so a
// leaked database cannot be turned back into working links (hashToken in lib/crypto/token-hash).
import { randomBytes } from "node:crypto";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function generateShareToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Cheap shape check before touching the database (anything else is simply not found). */
export function isShareToken(value: string): boolean {
  return TOKEN.test(value);
}
