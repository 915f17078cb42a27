// API keys: only their sha256 is stored; the key itself is shown once when created.
import "server-only";
import type { Db } from "./client";

export async function insertApiKey(
  db: Db,
  input: {
    workspaceId: string;
    name: string;
    prefix: string;
    hash: string;
    scopes: string[];
    createdById?: string | null;
  },
) {
  return db.apiKey.create({ data: { ...input, createdById: input.createdById ?? null } });
}

export async function findActiveApiKeyByHash(db: Db, input: { hash: string }) {
  return db.apiKey.findFirst({
    where: { hash: input.hash, revokedAt: null },
    include: { workspace: { select: { id: true, slug: true } } },
  });
}

export async function touchApiKey(db: Db, input: { id: string; at: Date }) {
  await db.apiKey.update({ where: { id: input.id }, data: { lastUsedAt: input.at } });
}

export async function listApiKeys(db: Db, input: { workspaceId: string }) {
  return db.apiKey.findMany({
    where: { workspaceId: input.workspaceId },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      lastUsedAt: true,
      revokedAt: true,
      createdAt: true,
      createdById: true,
    },
    orderBy: { createdAt: "desc" },
  });
}

/** Revoke a key of this workspace; false when there is no such live key here. */
export async function revokeApiKey(db: Db, input: { id: string; workspaceId: string; at: Date }) {
  const { count } = await db.apiKey.updateMany({
    where: { id: input.id, workspaceId: input.workspaceId, revokedAt: null },
    data: { revokedAt: input.at },
  });
  return count === 1;
}

/** The workspace's keys as the settings page and the API show them (JSON-safe, never the hash). */
export async function listApiKeyViews(db: Db, input: { workspaceId: string }) {
  const keys = await listApiKeys(db, input);
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
  }));
}
