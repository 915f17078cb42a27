import { requireActor } from "@/lib/auth/actor";
import { idParam } from "@/lib/http/params";
import { handler, json } from "@/lib/http/respond";
import { withTurnInput } from "@/lib/http/turn-input";
import { getRuntime } from "@/lib/runs/runtime";
import { startTurn } from "@/lib/runs/service";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/v1/conversations/:id/turns – ask a question (multipart or JSON); the run starts detached
const onPost = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, "runs:write");
  const conversationId = idParam((await params).id, "conversation");
  // The images' memory counts against the upload budget until the turn is stored or refused.
  const { runId, turnId } = await withTurnInput(request, async (input) =>
    startTurn(await getRuntime(), { actor, conversationId, ...input }),
  );
  return json({ runId, turnId }, { status: 202, headers: { location: `/api/v1/runs/${runId}` } });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ POST: onPost });
