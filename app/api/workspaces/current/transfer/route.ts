import { requireRole } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { transferOwnership } from "@/lib/workspaces/members";
import { transferBody } from "../../schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/workspaces/current/transfer – make another member the owner; you become an admin
const onPost = handler(async (request: Request) => {
  const actor = await requireRole(request, "owner");
  const { userId } = transferBody.parse(await readJson(request));
  await transferOwnership(await prisma(), actor, { userId });
  return json({ owner: userId });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ POST: onPost });
