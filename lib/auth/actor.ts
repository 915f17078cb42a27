// Who is making a request, resolved once per request, and what they may do. Route handlers only
// ever see an `Actor`; every query they make is scoped by `actor.workspaceId` (and, for private
// conversations, `actor.userId`).
//
// Two kinds: an API key acting in its workspace (as a member, limited by its scopes), or a
// signed-in user (session cookie) in their active workspace with their membership's role. Cookie
// requests that change state must come from Loupe's own pages (lib/auth/csrf).
import "server-only";
import { prisma } from "@/lib/db";
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
  if (key) {
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
  const actor = await userActor(request);
  if (!actor) {
    throw new AppError("unauthorized:api_key", "Sign in, or send an API key: `Authorization: Bearer <key>`.");
  }
  if (!actor.scopes.includes(scope)) {
    throw new AppError("forbidden:role", `Your role in this workspace (${actor.role}) cannot do this.`);
  }
  return actor;
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
export async function requireRole(request: Request, min: Role): Promise<Actor & { userId: string }> {
  const actor = await userActor(request);
  if (!actor || actor.userId === null) {
    throw new AppError("unauthorized:session", "Sign in to manage this workspace.");
  }
  if (!atLeast(actor.role, min)) {
    throw new AppError("forbidden:role", `Only a workspace ${min} or owner can do this.`);
  }
  return actor as Actor & { userId: string };
}
