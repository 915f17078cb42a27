import { requestClient } from "@/lib/http/request-client";
import { handler, json } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";
import { loadSharedConversation } from "@/lib/shares/shared-conversation";

export const dynamic = "force-dynamic";

// GET /api/share/:token – the shared conversation (loupe.conversation.v1), readable by anyone with the link
export const GET = handler(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const conversation = await loadSharedConversation(await getRuntime(), {
    token,
    client: requestClient(request.headers),
  });
  return json(conversation, { headers: { "x-robots-tag": "noindex", "referrer-policy": "no-referrer" } });
});
