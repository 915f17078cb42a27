// API keys: `loupe_` + 32 random base62 characters. Only the sha256 is stored; the key is shown
// once. The same key gives the same decision whichever accepted header carries it. A key acts for
// the person who made it (lib/auth/actor decides what that person may do).
import "server-only";
import { randomBytes } from "node:crypto";
import { hashToken } from "@/lib/crypto/token-hash";
import { findActiveApiKeyByHash, insertApiKey, touchApiKey } from "@/lib/db/api-keys";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

import { API_KEY_SCOPES, type ApiKeyScope } from "./api-keys-scopes";

export { API_KEY_SCOPES, type ApiKeyScope };

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_SHAPE = /^loupe_[0-9A-Za-z]{32}$/;

function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte < 248) out += ALPHABET[byte % 62]; // 248 = 4 × 62: no modulo bias
  }
  return out.length === length ? out : randomBase62(length);
}

export async function createApiKey(
  db: Db,
  input: {
    workspaceId: string;
    name: string;
    scopes?: ApiKeyScope[];
    /** The person the key acts for (lib/auth/actor); a key without one is refused when used. */
    createdById?: string | null;
  },
): Promise<{ key: string; id: string; prefix: string }> {
  const key = `loupe_${randomBase62(32)}`;
  const prefix = key.slice(0, 12);
  const record = await insertApiKey(db, {
    workspaceId: input.workspaceId,
    name: input.name,
    prefix,
    hash: hashToken(key),
    scopes: input.scopes ?? [...API_KEY_SCOPES],
    createdById: input.createdById,
  });
  return { key, id: record.id, prefix };
}

/** The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function apiKeyFrom(headers: Headers): string | null {
  const authorization = headers.get("authorization")?.trim();
  const bearer = authorization ? /^bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  const header = headers.get("x-api-key")?.trim() || undefined;
  if (bearer && header && bearer !== header) {
    throw new AppError(
      "bad_request:api_key",
      "The request carries two different API keys. Send one, in the Authorization header.",
    );
  }
  return bearer ?? header ?? null;
}

export interface AuthenticatedApiKey {
  keyId: string;
  prefix: string;
  workspaceId: string;
  scopes: string[];
  /** The person the key acts for; null when it has none (lib/auth/actor refuses such keys). */
  ownerId: string | null;
}

const TOUCH_EVERY_MS = 60_000;

export async function authenticateApiKey(db: Db, key: string): Promise<AuthenticatedApiKey> {
  if (!KEY_SHAPE.test(key))
    throw new AppError(
      "unauthorized:api_key",
      "The API key is not valid. Create one in Settings → API keys, or with `npm run loupe -- apikey:create --user <email>`.",
    );
  const record = await findActiveApiKeyByHash(db, { hash: hashToken(key) });
  if (!record) throw new AppError("unauthorized:api_key", "The API key is not valid, or it was revoked.");
  const now = new Date();
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await touchApiKey(db, { id: record.id, at: now });
  }
  return {
    keyId: record.id,
    prefix: record.prefix,
    workspaceId: record.workspaceId,
    scopes: record.scopes,
    ownerId: record.createdById,
  };
}

export function requireScope(actor: { scopes: string[] }, scope: ApiKeyScope): void {
  if (!actor.scopes.includes(scope)) {
    throw new AppError("forbidden:api_key", `This API key lacks the ${scope} scope.`);
  }
}
