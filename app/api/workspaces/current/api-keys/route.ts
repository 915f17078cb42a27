import { requireRole } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { prisma } from "@/lib/db";
import { listApiKeyViews } from "@/lib/db/api-keys";
import { recordAudit } from "@/lib/db/audit";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { apiKeyBody } from "../../schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/workspaces/current/api-keys – the workspace's keys: name, prefix, scopes, last use (admins)
const onGet = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  return json({ items: await listApiKeyViews(await prisma(), { workspaceId: actor.workspaceId }) });
});

// POST /api/workspaces/current/api-keys – create a key; the key itself is in this answer only
const onPost = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  const body = apiKeyBody.parse(await readJson(request));
  const db = await prisma();
  const created = await createApiKey(db, {
    workspaceId: actor.workspaceId,
    name: body.name,
    scopes: body.scopes,
    createdById: actor.userId,
  });
  await recordAudit(db, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: "apikey.created",
    target: created.id,
    data: { name: body.name, prefix: created.prefix },
  });
  return json({ id: created.id, prefix: created.prefix, key: created.key }, { status: 201 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet, POST: onPost });
