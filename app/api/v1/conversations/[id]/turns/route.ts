import { requireActor } from "@/lib/auth/actor";
import { idParam } from "@/lib/http/params";
import { handler, json } from "@/lib/http/respond";
import { readTurnInput } from "@/lib/http/turn-input";
import { getRuntime } from "@/lib/runs/runtime";
import { startTurn } from "@/lib/runs/service";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/v1/conversations/:id/turns – ask a question (multipart or JSON); the run starts detached
export const POST = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, "runs:write");
  const conversationId = idParam((await params).id, "conversation");
  const input = await readTurnInput(request);
  const { runId, turnId } = await startTurn(await getRuntime(), {
    actor,
    conversationId,
    ...input,
  });
  return json({ runId, turnId }, { status: 202, headers: { location: `/api/v1/runs/${runId}` } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
