// The signed-in user behind a request's session cookie, and the workspace they act in: the
// session's active workspace if they are still a member of it, else their personal workspace.
// Membership is read on every request, so a removed member loses access at once.
import "server-only";
import type { Db } from "@/lib/db";
import { getMembership, listWorkspacesOf } from "@/lib/db/memberships";
import { getAuth } from "./server";
import { isRole, type Role } from "./roles";

export interface SessionUser {
  sessionId: string;
  userId: string;
  name: string;
  email: string;
  isInstanceAdmin: boolean;
  activeWorkspaceId: string | null;
}

/** The session a request's cookie names, or null (no cookie, expired, signed out, or revoked). */
export async function sessionFromHeaders(headers: Headers): Promise<SessionUser | null> {
  if (!headers.get("cookie")) return null;
  const auth = await getAuth();
  const result = await auth.api.getSession({ headers, query: { disableCookieCache: true } });
  if (!result) return null;
  const user = result.user as typeof result.user & { role?: string };
  const session = result.session as typeof result.session & { activeWorkspaceId?: string | null };
  return {
    sessionId: session.id,
    userId: user.id,
    name: user.name,
    email: user.email,
    isInstanceAdmin: user.role === "admin",
    activeWorkspaceId: session.activeWorkspaceId ?? null,
  };
}

export interface WorkspaceChoice {
  workspace: { id: string; slug: string; name: string; personal: boolean };
  role: Role;
  workspaces: { id: string; slug: string; name: string; role: Role; personal: boolean }[];
}

/** The workspace a user acts in, and all of theirs; null if they belong to none. */
export async function activeWorkspaceOf(
  db: Db,
  input: { userId: string; activeWorkspaceId: string | null },
): Promise<WorkspaceChoice | null> {
  const workspaces = (await listWorkspacesOf(db, { userId: input.userId })).filter((w) =>
    isRole(w.role),
  ) as WorkspaceChoice["workspaces"];
  if (input.activeWorkspaceId) {
    const m = await getMembership(db, { workspaceId: input.activeWorkspaceId, userId: input.userId });
    if (m) {
      const { id, slug, name, personal } = m.workspace;
      return { workspace: { id, slug, name, personal }, role: m.role, workspaces };
    }
  }
  const fallback = workspaces.find((w) => w.personal) ?? workspaces[0];
  if (!fallback) return null;
  const { id, slug, name, personal, role } = fallback;
  return { workspace: { id, slug, name, personal }, role, workspaces };
}
