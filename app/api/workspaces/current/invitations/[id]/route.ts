import { requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/db/audit";
import { revokeInvitation } from "@/lib/db/invitations";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/respond";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// DELETE /api/workspaces/current/invitations/:id – withdraw an invitation; its link stops working
const onDelete = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireRole(request, "admin");
  const { id } = await params;
  const db = await prisma();
  if (!(await revokeInvitation(db, { id, workspaceId: actor.workspaceId, now: new Date() }))) {
    throw new AppError("not_found:invitation", "There is no such pending invitation in this workspace.");
  }
  await recordAudit(db, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: "invitation.revoked",
    target: id,
  });
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ DELETE: onDelete });
