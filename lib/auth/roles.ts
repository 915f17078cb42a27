// Workspace roles and what each may do. Pure: the one table route handlers and pages consult, so
// "viewers read, members run their own conversations, admins manage" is decided in one place.
import type { ApiKeyScope } from "./api-keys-scopes";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is `min` or above it (owner > admin > member > viewer). */
export function atLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

/** The API scopes a signed-in user's role grants: viewers read; members and above also write. */
export function scopesForRole(role: Role): ApiKeyScope[] {
  return role === "viewer"
    ? ["conversations:read", "runs:read"]
    : ["conversations:read", "conversations:write", "runs:read", "runs:write"];
}

/** Whether an actor may change (run in, rename, delete, share) a conversation it can see. */
export function canWriteConversation(
  actor: { role: Role; userId: string },
  conversation: { authorId: string | null },
): boolean {
  if (actor.role === "viewer") return false;
  // An API key acts for its owner, so the same rule holds for keys and cookies.
  if (atLeast(actor.role, "admin")) return true;
  return conversation.authorId !== null && conversation.authorId === actor.userId;
}

/**
 * Whether `actor` may give `target` the role `next` (or remove them when `next` is null).
 * Only owners touch owners or make owners; admins manage members and viewers; nobody else manages.
 */
export function canChangeMember(actorRole: Role, targetRole: Role, next: Role | null): boolean {
  if (!atLeast(actorRole, "admin")) return false;
  if (actorRole === "owner") return next !== "owner"; // ownership moves by transfer, not by role change
  return targetRole !== "owner" && targetRole !== "admin" && next !== "owner" && next !== "admin";
}
