// The session contract for pages and server components: who is looking, in which workspace, with
// what role. `requireViewer` sends signed-out visitors to sign in (or, on a fresh install with no
// accounts yet, to sign up as the instance admin) and brings them back afterwards.
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db";
import { countUsers } from "@/lib/db/users";
import { pageError } from "@/lib/http/page-errors";
import { createPersonalWorkspace } from "@/lib/workspaces/lifecycle";
import type { Role } from "./roles";
import { safeNextPath } from "./next-path";
import { activeWorkspaceOf, sessionFromHeaders } from "./session";

export interface Viewer {
  userId: string;
  name: string;
  email: string;
  isInstanceAdmin: boolean;
  /** The active workspace: the session's choice, else the personal one. */
  workspace: { id: string; slug: string; name: string; personal: boolean };
  role: Role;
  workspaces: { id: string; slug: string; name: string; role: Role }[];
  /** The session's id, for switching workspace and signing out. */
  sessionId: string;
}

export async function viewerFromHeaders(requestHeaders: Headers): Promise<Viewer | null> {
  const session = await sessionFromHeaders(requestHeaders);
  if (!session) return null;
  const db = await prisma();
  let choice = await activeWorkspaceOf(db, session);
  if (!choice) {
    // Everyone has a personal workspace; recreate it if sign-up was interrupted before it existed.
    await createPersonalWorkspace(db, { userId: session.userId, userName: session.name });
    choice = await activeWorkspaceOf(db, session);
    if (!choice) return null;
  }
  return {
    userId: session.userId,
    name: session.name,
    email: session.email,
    isInstanceAdmin: session.isInstanceAdmin,
    workspace: choice.workspace,
    role: choice.role,
    workspaces: choice.workspaces.map(({ id, slug, name, role }) => ({ id, slug, name, role })),
    sessionId: session.sessionId,
  };
}

/** The viewer of the page being rendered; an outage is thrown so the error page can name it. */
export async function getViewer(): Promise<Viewer | null> {
  const requestHeaders = await headers();
  try {
    return await viewerFromHeaders(requestHeaders);
  } catch (error) {
    throw pageError(error);
  }
}

export async function requireViewer(nextPath?: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (viewer) return viewer;
  const next = safeNextPath(nextPath);
  const query = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  // A fresh install has nobody to sign in as: the first visitor creates the instance admin.
  const users = await prisma()
    .then(countUsers)
    .catch((error: unknown) => {
      throw pageError(error);
    });
  if (users === 0) redirect(`/sign-up${query}`);
  redirect(`/sign-in${query}`);
}
