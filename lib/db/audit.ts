// The audit log: who changed membership, roles, settings, shares and API keys, newest first.
import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "./client";

export interface AuditInput {
  workspaceId: string | null;
  /** The person who acted (for a request with an API key: the key's owner). */
  actorId: string | null;
  /** The API key the person acted through, if any; kept in `data.apiKey`. */
  apiKey?: { id: string; prefix: string };
  /** e.g. "member.role_changed", "apikey.created", "share.revoked", "settings.updated". */
  action: string;
  target?: string | null;
  data?: Prisma.InputJsonObject;
}

export async function recordAudit(db: Db, input: AuditInput) {
  await db.auditEntry.create({
    data: {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      action: input.action,
      target: input.target ?? null,
      data: { ...input.data, ...(input.apiKey ? { apiKey: input.apiKey } : {}) },
    },
  });
}

export async function listAudit(db: Db, input: { workspaceId: string; limit: number; before?: Date }) {
  const rows = await db.auditEntry.findMany({
    where: { workspaceId: input.workspaceId, ...(input.before ? { createdAt: { lt: input.before } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
  });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const users = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } });
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r) => ({ ...r, actorEmail: r.actorId ? (emails.get(r.actorId) ?? null) : null }));
}
