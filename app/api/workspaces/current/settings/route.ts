import { requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { settingsUpdateSchema } from "@/lib/workspaces/settings";
import { getSettingsView, updateSettings } from "@/lib/workspaces/settings-store";

export const dynamic = "force-dynamic";

// GET /api/workspaces/current/settings – settings, and for secrets only { set: true|false } (admins)
export const GET = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  return json(await getSettingsView(await prisma(), { workspaceId: actor.workspaceId }));
});

// PATCH /api/workspaces/current/settings – change settings; secrets are write-only (null clears)
export const PATCH = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  const update = settingsUpdateSchema.parse(await readJson(request));
  return json(await updateSettings(await prisma(), { workspaceId: actor.workspaceId, actorId: actor.userId, update }));
});
