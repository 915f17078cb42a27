// Who is making a request, resolved once per request, and what they may do. Route handlers only
// ever see an `Actor`; every query they make is scoped by `actor.workspaceId` (and, for private
// conversations, `actor.userId`).
//
// Today an actor is an API key acting in its workspace. Signed-in users (session cookies, with
// the active workspace and their role in it) are added here by the accounts work (issue 6),
// behind the same `requireActor` signature.
import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { apiKeyFrom, authenticateApiKey, requireScope, type ApiKeyScope } from "./api-keys";

export type Role = "owner" | "admin" | "member" | "viewer";

export interface Actor {
  kind: "api_key" | "user";
  workspaceId: string;
  /** The signed-in user; null for API keys (they act for the workspace, not a person). */
  userId: string | null;
  /** API keys act with the rights of a member, limited by their scopes. */
  role: Role;
  scopes: string[];
  /** For API keys: the key's id (audit entries, last-used time). */
  keyId?: string;
}

export async function requireActor(request: Request, scope: ApiKeyScope): Promise<Actor> {
  const key = apiKeyFrom(request.headers);
  if (!key) {
    throw new AppError("unauthorized:api_key", "This API needs an API key: send `Authorization: Bearer <key>`.");
  }
  const apiKey = await authenticateApiKey(await prisma(), key);
  requireScope(apiKey, scope);
  return {
    kind: "api_key",
    workspaceId: apiKey.workspaceId,
    userId: null,
    role: "member",
    scopes: apiKey.scopes,
    keyId: apiKey.keyId,
  };
}
