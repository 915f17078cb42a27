import { z } from "zod";
import { requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { listAudit } from "@/lib/db/audit";
import { handler, json } from "@/lib/http/respond";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime().optional(),
});

// GET /api/workspaces/current/audit – membership, role, settings, share and API-key changes (admins)
const onGet = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listAudit(await prisma(), {
    workspaceId: actor.workspaceId,
    limit: q.limit,
    before: q.before ? new Date(q.before) : undefined,
  });
  return json({
    items: rows.map((r) => ({
      id: r.id,
      action: r.action,
      actorId: r.actorId,
      actorEmail: r.actorEmail,
      target: r.target,
      data: r.data,
      createdAt: r.createdAt.toISOString(),
    })),
  });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
