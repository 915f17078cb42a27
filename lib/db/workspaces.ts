// Workspaces: created with their owner's membership in one step; every user has a personal one.
// API keys and the CLI may still act in the default workspace of a fresh install.
import "server-only";
import { randomBytes } from "node:crypto";
import { slugify, withSuffix } from "@/lib/workspaces/slug";
import type { Db } from "./client";
import { isUniqueViolation } from "./errors";

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

export async function getWorkspace(db: Db, input: { id: string }) {
  return db.workspace.findUnique({ where: { id: input.id } });
}

/** Create a workspace owned by `ownerId`; the slug comes from the name, suffixed when taken. */
export async function createWorkspace(
  db: Db,
  input: { name: string; ownerId: string; personal?: boolean; slug?: string },
) {
  const base = input.slug ?? slugify(input.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : withSuffix(base, randomBytes(3).toString("hex"));
    try {
      return await db.workspace.create({
        data: {
          slug,
          name: input.name,
          personal: input.personal ?? false,
          memberships: { create: { userId: input.ownerId, role: "owner" } },
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`Could not find a free slug for the workspace "${input.name}".`);
}

export async function getPersonalWorkspace(db: Db, input: { userId: string }) {
  return db.workspace.findFirst({
    where: { personal: true, memberships: { some: { userId: input.userId, role: "owner" } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function renameWorkspace(db: Db, input: { workspaceId: string; name: string }) {
  return db.workspace.update({ where: { id: input.workspaceId }, data: { name: input.name } });
}

/** Delete a workspace and, by cascade, everything in it (conversations, runs, keys, secrets…). */
export async function deleteWorkspace(db: Db, input: { workspaceId: string }) {
  await db.session.updateMany({ where: { activeWorkspaceId: input.workspaceId }, data: { activeWorkspaceId: null } });
  await db.workspace.delete({ where: { id: input.workspaceId } });
}
