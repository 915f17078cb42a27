import { requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { revokeApiKey } from "@/lib/db/api-keys";
import { recordAudit } from "@/lib/db/audit";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/respond";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// DELETE /api/workspaces/current/api-keys/:id – revoke a key; it stops working at once
const onDelete = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole(request, "admin");
  const { id } = await params;
  const db = await prisma();
  if (!(await revokeApiKey(db, { id, workspaceId: actor.workspaceId, at: new Date() }))) {
    throw new AppError("not_found:api_key", "There is no such live API key in this workspace.");
  }
  await recordAudit(db, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: "apikey.revoked",
    target: id,
  });
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ DELETE: onDelete });
