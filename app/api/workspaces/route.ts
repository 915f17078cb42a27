import { requireSession } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { listWorkspacesOf } from "@/lib/db/memberships";
import { setActiveWorkspace } from "@/lib/db/users";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { createTeamWorkspace } from "@/lib/workspaces/lifecycle";
import { createWorkspaceBody } from "./schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/workspaces – the signed-in user's workspaces and their role in each
const onGet = handler(async (request: Request) => {
  const session = await requireSession(request);
  return json({ items: await listWorkspacesOf(await prisma(), { userId: session.userId }) });
});

// POST /api/workspaces – create a team workspace (you own it) and switch to it
const onPost = handler(async (request: Request) => {
  const session = await requireSession(request);
  const { name } = createWorkspaceBody.parse(await readJson(request));
  const db = await prisma();
  const workspace = await createTeamWorkspace(db, { userId: session.userId, name });
  await setActiveWorkspace(db, { sessionId: session.sessionId, workspaceId: workspace.id });
  return json({ id: workspace.id, slug: workspace.slug, name: workspace.name }, { status: 201 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet, POST: onPost });
