import { requireActor } from "@/lib/auth/actor";
import { idParam } from "@/lib/http/params";
import { handler, json } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";
import { rerun } from "@/lib/runs/service";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/v1/runs/:runId/continue – continue an interrupted or failed run from its last completed step
const onPost = handler(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const actor = await requireActor(request, "runs:write");
  const runId = idParam((await params).runId, "run");
  return json(await rerun(await getRuntime(), { actor, runId, mode: "continue" }), { status: 202 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ POST: onPost });
