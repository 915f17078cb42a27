// Users and their sessions, beyond what better-auth itself writes.
import "server-only";
import type { Db } from "./client";

export async function countUsers(db: Db) {
  return db.user.count();
}

export async function getUser(db: Db, input: { id: string }) {
  return db.user.findUnique({ where: { id: input.id } });
}

export async function getUserByEmail(db: Db, input: { email: string }) {
  return db.user.findUnique({ where: { email: input.email.trim().toLowerCase() } });
}

export async function setInstanceRole(db: Db, input: { userId: string; role: "admin" | "user" }) {
  await db.user.update({ where: { id: input.userId }, data: { role: input.role } });
}

export async function setActiveWorkspace(db: Db, input: { sessionId: string; workspaceId: string | null }) {
  await db.session.update({ where: { id: input.sessionId }, data: { activeWorkspaceId: input.workspaceId } });
}

/** End every session of a user ("sign out everywhere"). */
export async function deleteSessionsOf(db: Db, input: { userId: string }) {
  const { count } = await db.session.deleteMany({ where: { userId: input.userId } });
  return count;
}
