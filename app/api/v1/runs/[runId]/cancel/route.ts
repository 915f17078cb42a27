import { requireActor } from "@/lib/auth/actor";
import { idParam } from "@/lib/http/params";
import { handler, json } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";
import { cancelRun } from "@/lib/runs/service";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/v1/runs/:runId/cancel – stop a queued or running run; its partial trace is kept
const onPost = handler(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const actor = await requireActor(request, "runs:write");
  const runId = idParam((await params).runId, "run");
  return json(await cancelRun(await getRuntime(), { actor, runId }), { status: 200 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ POST: onPost });
