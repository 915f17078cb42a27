import { requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { settingsUpdateSchema } from "@/lib/workspaces/settings";
import { getSettingsView, updateSettings } from "@/lib/workspaces/settings-store";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/workspaces/current/settings – settings, and for secrets only { set: true|false } (admins)
const onGet = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  return json(await getSettingsView(await prisma(), { workspaceId: actor.workspaceId }));
});

// PATCH /api/workspaces/current/settings – change settings; secrets are write-only (null clears)
const onPatch = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  const update = settingsUpdateSchema.parse(await readJson(request));
  return json(await updateSettings(await prisma(), { workspaceId: actor.workspaceId, actorId: actor.userId, update }));
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet, PATCH: onPatch });
