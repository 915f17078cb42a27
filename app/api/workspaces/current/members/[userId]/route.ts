import { requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { changeRole, removeFromWorkspace } from "@/lib/workspaces/members";
import { roleBody } from "../../../schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ userId: string }> };

// PATCH /api/workspaces/current/members/:userId – change a member's role (admins, within their rank)
const onPatch = handler(async (request: Request, { params }: Params) => {
  const actor = await requireRole(request, "admin");
  const { userId } = await params;
  const { role } = roleBody.parse(await readJson(request));
  await changeRole(await prisma(), actor, { userId, role });
  return json({ userId, role });
});

// DELETE /api/workspaces/current/members/:userId – remove a member, or yourself (leave)
const onDelete = handler(async (request: Request, { params }: Params) => {
  const actor = await requireRole(request, "viewer");
  const { userId } = await params;
  await removeFromWorkspace(await prisma(), actor, { userId });
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ PATCH: onPatch, DELETE: onDelete });
