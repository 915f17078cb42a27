import { requireActor } from "@/lib/auth/actor";
import { requireWritableRun } from "@/lib/auth/conversation-access";
import { prisma } from "@/lib/db";
import { idParam } from "@/lib/http/params";
import { handler, json } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";
import { rerun } from "@/lib/runs/service";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/v1/runs/:runId/retry – ask the same question again in a new run
export const POST = handler(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const actor = await requireActor(request, "runs:write");
  const runId = idParam((await params).runId, "run");
  await requireWritableRun(await prisma(), actor, runId);
  const runtime = await getRuntime();
  return json(await rerun(runtime, { runId, workspaceId: actor.workspaceId, mode: "retry" }), { status: 202 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
