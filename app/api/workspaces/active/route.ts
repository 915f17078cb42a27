import { z } from "zod";
import { requireSession } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { getMembership } from "@/lib/db/memberships";
import { setActiveWorkspace } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

const body = z.object({ workspaceId: z.string().min(1).max(100) });

// POST /api/workspaces/active – switch the session's workspace to one the user belongs to
const onPost = handler(async (request: Request) => {
  const session = await requireSession(request);
  const { workspaceId } = body.parse(await readJson(request));
  const db = await prisma();
  const membership = await getMembership(db, { workspaceId, userId: session.userId });
  if (!membership) throw new AppError("not_found:workspace", "There is no such workspace, or you are not in it.");
  await setActiveWorkspace(db, { sessionId: session.sessionId, workspaceId });
  const { id, slug, name } = membership.workspace;
  return json({ workspace: { id, slug, name }, role: membership.role });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ POST: onPost });
