import { requireActor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { blobVisibleInWorkspace } from "@/lib/db/blobs-access";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/respond";
import { imageResponse } from "@/lib/http/image-response";
import { getRuntime } from "@/lib/runs/runtime";
import { isBlobKey } from "@/lib/blobs";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/blobs/:key – an image shown in a conversation the caller can see
const onGet = handler(async (request: Request, { params }: { params: Promise<{ key: string }> }) => {
  const actor = await requireActor(request, "conversations:read");
  const { key } = await params;
  if (
    !isBlobKey(key) ||
    !(await blobVisibleInWorkspace(await prisma(), {
      key,
      workspaceId: actor.workspaceId,
      reader: { userId: actor.userId },
    }))
  ) {
    throw new AppError("not_found:image", "There is no such image, or you cannot see it.");
  }
  return imageResponse(await getRuntime(), key, { private: true });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
