import { requireActor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { listMembers } from "@/lib/db/memberships";
import { handler, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

// GET /api/workspaces/current/members – who is in the workspace, with their roles
export const GET = handler(async (request: Request) => {
  const actor = await requireActor(request, "conversations:read");
  const members = await listMembers(await prisma(), { workspaceId: actor.workspaceId });
  return json({ items: members.map((m) => ({ ...m, since: m.since.toISOString() })) });
});
