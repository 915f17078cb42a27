import { requireActor, requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { getWorkspace } from "@/lib/db/workspaces";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { removeWorkspace, renameWorkspace } from "@/lib/workspaces/lifecycle";
import { deleteBody, renameBody } from "../schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/workspaces/current – the active workspace and your role in it
const onGet = handler(async (request: Request) => {
  const actor = await requireActor(request, "conversations:read");
  const workspace = await getWorkspace(await prisma(), { id: actor.workspaceId });
  if (!workspace) throw new AppError("not_found:workspace", "There is no such workspace.");
  const { id, slug, name, personal } = workspace;
  return json({ id, slug, name, personal, role: actor.role });
});

// PATCH /api/workspaces/current – rename (admins)
const onPatch = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  const { name } = renameBody.parse(await readJson(request));
  await renameWorkspace(await prisma(), actor, { name });
  return json({ name });
});

// DELETE /api/workspaces/current – delete it and everything in it (owner; body { confirm: slug })
const onDelete = handler(async (request: Request) => {
  const actor = await requireRole(request, "owner");
  const body = deleteBody.parse(await readJson(request));
  await removeWorkspace(await prisma(), actor, body);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet, PATCH: onPatch, DELETE: onDelete });
