// Workspaces. Until accounts exist, API keys and the CLI act in a default workspace.
import "server-only";
import type { Db } from "./client";

export const DEFAULT_WORKSPACE_SLUG = "default";

export async function ensureWorkspace(db: Db, input: { slug: string; name: string }) {
  return db.workspace.upsert({
    where: { slug: input.slug },
    create: { slug: input.slug, name: input.name },
    update: {},
  });
}

export async function getWorkspaceBySlug(db: Db, input: { slug: string }) {
  return db.workspace.findUnique({ where: { slug: input.slug } });
}
