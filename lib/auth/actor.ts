// Who is making a request, resolved once per request, and what they may do. Route handlers only
// ever see an `Actor` and hand it to the services in lib/, which authorise what it asks for
// (lib/auth/conversation-access) inside the transaction that acts.
//
// An actor is always a person in a workspace with their membership's role: a signed-in user
// (session cookie) in their active workspace, or the person an API key acts for, in the key's
// workspace. A key sees exactly what its owner sees, with at most its owner's rights, narrowed by
// its scopes; it stops working when its owner is no longer a member there. A key without an owner
// (made by the command line before keys had one, or whose owner's account was deleted) is refused.
// Cookie requests that change state must come from Loupe's own pages (lib/auth/csrf).
import "server-only";
import { prisma } from "@/lib/db";
import { getMembership } from "@/lib/db/memberships";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { apiKeyFrom, authenticateApiKey, requireScope, type ApiKeyScope } from "./api-keys";
import { appOrigins, sameOriginAllowed } from "./csrf";
import { atLeast, scopesForRole, type Role } from "./roles";
import { activeWorkspaceOf, sessionFromHeaders, type SessionUser } from "./session";

export type { Role } from "./roles";

export interface Actor {
  kind: "api_key" | "user";
  workspaceId: string;
  /** The person acting: the signed-in user, or the owner of the API key. */
  userId: string;
  /** That person's role in the workspace. */
  role: Role;
  scopes: string[];
  /** Set when the request came with an API key: audit entries record it beside its owner. */
  apiKey?: { id: string; prefix: string };
}

export async function requireActor(request: Request, scope: ApiKeyScope): Promise<Actor> {
  const key = apiKeyFrom(request.headers);
  if (key) {
    return apiKeyActor(key, scope);
  }
  const actor = await userActor(request);
  if (!actor) {
    throw new AppError("unauthorized:api_key", "Sign in, or send an API key: `Authorization: Bearer <key>`.");
  }
  if (!actor.scopes.includes(scope)) {
    throw new AppError("forbidden:role", `Your role in this workspace (${actor.role}) cannot do this.`);
  }
  return actor;
}

/** The person an API key acts for, with their current role in the key's workspace. */
async function apiKeyActor(key: string, scope: ApiKeyScope): Promise<Actor> {
  const db = await prisma();
  const apiKey = await authenticateApiKey(db, key);
  requireScope(apiKey, scope);
  if (!apiKey.ownerId) {
    throw new AppError(
      "unauthorized:api_key",
      "This API key acts for nobody: it has no owner (the command line made it before keys acted for a person, or its owner's account was deleted). Create a new key in Settings → API keys.",
    );
  }
  const membership = await getMembership(db, { workspaceId: apiKey.workspaceId, userId: apiKey.ownerId });
  if (!membership) {
    throw new AppError(
      "unauthorized:api_key",
      "This API key no longer works: the person who made it is no longer a member of its workspace.",
    );
  }
  const role = membership.role;
  const allowed: string[] = scopesForRole(role);
  if (!allowed.includes(scope)) {
    throw new AppError(
      "forbidden:role",
      `This API key acts for someone whose role in its workspace (${role}) cannot do this.`,
    );
  }
  return {
    kind: "api_key",
    workspaceId: apiKey.workspaceId,
    userId: apiKey.ownerId,
    role,
    // The key's scopes, within what its owner's role allows (a viewer's key only reads).
    scopes: apiKey.scopes.filter((s) => allowed.includes(s)),
    apiKey: { id: apiKey.keyId, prefix: apiKey.prefix },
  };
}

/** The request's session, once it has passed the cross-site check; null when signed out. */
export async function checkedSession(request: Request): Promise<SessionUser | null> {
  const session = await sessionFromHeaders(request.headers);
  if (!session) return null;
  if (!sameOriginAllowed(request, appOrigins(request, env().PUBLIC_BASE_URL))) {
    throw new AppError(
      "forbidden:cross_site",
      "This request came from another site, so it was refused. Use Loupe's own pages, or an API key.",
    );
  }
  return session;
}

/** Like `checkedSession`, but a signed-out request is a 401. */
export async function requireSession(request: Request): Promise<SessionUser> {
  const session = await checkedSession(request);
  if (!session) throw new AppError("unauthorized:session", "Sign in first.");
  return session;
}

/** The signed-in user behind the request's cookie, or null when there is no valid session. */
export async function userActor(request: Request): Promise<Actor | null> {
  const session = await checkedSession(request);
  if (!session) return null;
  const choice = await activeWorkspaceOf(await prisma(), session);
  if (!choice) throw new AppError("forbidden:workspace", "You are not a member of any workspace.");
  return {
    kind: "user",
    workspaceId: choice.workspace.id,
    userId: session.userId,
    role: choice.role,
    scopes: scopesForRole(choice.role),
  };
}

/** A signed-in user with at least `min` role in their active workspace (settings, members, keys). */
export async function requireRole(request: Request, min: Role): Promise<Actor> {
  const actor = await userActor(request);
  if (!actor) throw new AppError("unauthorized:session", "Sign in to manage this workspace.");
  if (!atLeast(actor.role, min)) {
    throw new AppError("forbidden:role", `Only a workspace ${min} or owner can do this.`);
  }
  return actor;
}
