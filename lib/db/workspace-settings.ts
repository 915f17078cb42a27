// A workspace's settings: the validated non-secret JSON on the workspace row, and its secrets,
// stored encrypted (lib/crypto) and never read back out through the API.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "./client";

export async function readSettingsJson(db: Db, input: { workspaceId: string }): Promise<unknown> {
  const row = await db.workspace.findUnique({ where: { id: input.workspaceId }, select: { settings: true } });
  return row?.settings ?? {};
}

export async function writeSettingsJson(db: Db, input: { workspaceId: string; settings: Prisma.InputJsonObject }) {
  await db.workspace.update({ where: { id: input.workspaceId }, data: { settings: input.settings } });
}

export async function putSecret(db: Db, input: { workspaceId: string; name: string; ciphertext: string }) {
  await db.workspaceSecret.upsert({
    where: { workspaceId_name: { workspaceId: input.workspaceId, name: input.name } },
    create: input,
    update: { ciphertext: input.ciphertext },
  });
}

export async function deleteSecret(db: Db, input: { workspaceId: string; name: string }) {
  await db.workspaceSecret.deleteMany({ where: { workspaceId: input.workspaceId, name: input.name } });
}

export async function readSecrets(db: Db, input: { workspaceId: string }) {
  return db.workspaceSecret.findMany({ where: { workspaceId: input.workspaceId } });
}
