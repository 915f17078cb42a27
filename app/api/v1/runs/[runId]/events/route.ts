import { requireActor } from "@/lib/auth/actor";
import { idParam } from "@/lib/http/params";
import { handler } from "@/lib/http/respond";
import { resumePoint, sseResponse } from "@/lib/http/sse";
import { getRuntime } from "@/lib/runs/runtime";
import { getRunSummary, streamRunEvents } from "@/lib/runs/service";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/v1/runs/:runId/events – the run's trace events as SSE: replay after Last-Event-ID, then live
const onGet = handler(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const actor = await requireActor(request, "runs:read");
  const runId = idParam((await params).runId, "run");
  const runtime = await getRuntime();
  const scope = { actor, runId };
  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort());
  // An unknown run is a 404 here, before the stream starts.
  const events = await streamRunEvents(runtime, { ...scope, afterSeq: resumePoint(request), signal: abort.signal });
  return sseResponse(events, { abort, end: () => getRunSummary(runtime, scope) });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
