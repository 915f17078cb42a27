import { requireActor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { idParam } from "@/lib/http/params";
import { handler } from "@/lib/http/respond";
import { revokeShare } from "@/lib/shares/service";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// DELETE /api/conversations/:id/shares/:shareId – revoke a link; it stops working at once
const onDelete = handler(async (request: Request, { params }: { params: Promise<{ id: string; shareId: string }> }) => {
  const actor = await requireActor(request, "conversations:write");
  const { id, shareId } = await params;
  const conversationId = idParam(id, "conversation");
  if (!UUID.test(shareId))
    throw new AppError("not_found:share", "There is no such live share link on this conversation.");
  await revokeShare(await prisma(), { actor, conversationId, shareId: shareId.toLowerCase() });
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ DELETE: onDelete });
