import { requireActor } from "@/lib/auth/actor";
import { blobUrlFor } from "@/lib/http/urls";
import { handler, json } from "@/lib/http/respond";
import { exportConversation } from "@/lib/runs/export";
import { getRuntime } from "@/lib/runs/runtime";
import { idParam } from "@/lib/http/params";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/v1/conversations/:id – the whole conversation: turns, images, runs, traces (loupe.conversation.v1)
const onGet = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, "conversations:read");
  const id = idParam((await params).id, "conversation");
  const conversation = await exportConversation(await getRuntime(), {
    actor,
    id,
    blobUrl: (key) => blobUrlFor(request, key),
  });
  return json(conversation);
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
