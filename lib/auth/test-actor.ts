// Test support: an actor for service tests, as lib/auth/actor resolves one for a request: a real
// user with a membership (and role) in the workspace; with `apiKey`, acting through a key.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { addMember } from "@/lib/db/memberships";
import { ensureWorkspace } from "@/lib/db/workspaces";
import type { Actor } from "./actor";
import { createApiKey } from "./api-keys";
import { scopesForRole, type Role } from "./roles";

export async function testActor(
  db: Db,
  input: { workspaceId: string; role?: Role; apiKey?: { id: string; prefix: string } },
): Promise<Actor> {
  const role = input.role ?? "owner";
  const id = `test-${randomBytes(6).toString("hex")}`;
  await db.user.create({ data: { id, name: `Test ${role}`, email: `${id}@example.com` } });
  await addMember(db, { workspaceId: input.workspaceId, userId: id, role });
  return {
    kind: input.apiKey ? "api_key" : "user",
    workspaceId: input.workspaceId,
    userId: id,
    role,
    scopes: scopesForRole(role),
    ...(input.apiKey ? { apiKey: input.apiKey } : {}),
  };
}

/**
 * For test and bench servers that drive the API with one key: a key in the workspace `slug`
 * (created if need be), acting for an API-only person who owns that workspace.
 */
export async function createOwnedApiKey(
  db: Db,
  input: { slug: string; workspaceName: string; name: string },
): Promise<string> {
  const workspace = await ensureWorkspace(db, { slug: input.slug, name: input.workspaceName });
  const id = `api-${input.slug}`;
  await db.user.upsert({
    where: { id },
    create: { id, name: `${input.name} (API)`, email: `api+${input.slug}@example.com` },
    update: {},
  });
  await db.membership.upsert({
    where: { workspaceId_userId: { workspaceId: workspace.id, userId: id } },
    create: { workspaceId: workspace.id, userId: id, role: "owner" },
    update: {},
  });
  return (await createApiKey(db, { workspaceId: workspace.id, name: input.name, createdById: id })).key;
}
