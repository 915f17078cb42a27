import { requestClient } from "@/lib/http/request-client";
import { handler, json } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";
import { loadSharedConversation } from "@/lib/shares/shared-conversation";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/share/:token – the shared conversation (loupe.conversation.v1), readable by anyone with the link
const onGet = handler(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const conversation = await loadSharedConversation(await getRuntime(), {
    token,
    client: requestClient(request.headers),
  });
  return json(conversation, { headers: { "x-robots-tag": "noindex", "referrer-policy": "no-referrer" } });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
