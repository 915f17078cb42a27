import { requireActor } from "@/lib/auth/actor";
import { idParam } from "@/lib/http/params";
import { handler, json } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";
import { getRunSummary } from "@/lib/runs/service";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/v1/runs/:runId – status, answer or error, queue position
const onGet = handler(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const actor = await requireActor(request, "runs:read");
  const runId = idParam((await params).runId, "run");
  return json(await getRunSummary(await getRuntime(), { actor, runId }));
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
