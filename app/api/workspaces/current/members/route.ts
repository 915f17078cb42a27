import { requireActor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { listMembers } from "@/lib/db/memberships";
import { handler, json } from "@/lib/http/respond";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/workspaces/current/members – who is in the workspace, with their roles
const onGet = handler(async (request: Request) => {
  const actor = await requireActor(request, "conversations:read");
  const members = await listMembers(await prisma(), { workspaceId: actor.workspaceId });
  return json({ items: members.map((m) => ({ ...m, since: m.since.toISOString() })) });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
