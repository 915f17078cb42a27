import { requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { testConnection } from "@/lib/workspaces/connection-test";
import { testBody } from "../../../schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/workspaces/current/settings/test – check the model server, search or sandbox (admins)
const onPost = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  const { target } = testBody.parse(await readJson(request));
  return json(await testConnection(await prisma(), { workspaceId: actor.workspaceId, target, env: env() }));
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ POST: onPost });
