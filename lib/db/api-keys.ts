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
