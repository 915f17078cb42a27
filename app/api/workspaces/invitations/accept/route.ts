import { requireSession } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { setActiveWorkspace } from "@/lib/db/users";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { acceptInvitation } from "@/lib/workspaces/invitations";
import { acceptBody } from "../../schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/workspaces/invitations/accept – a signed-in user joins the invitation's workspace
const onPost = handler(async (request: Request) => {
  const session = await requireSession(request);
  const { token } = acceptBody.parse(await readJson(request));
  const db = await prisma();
  const workspace = await acceptInvitation(db, { token, userId: session.userId, email: session.email });
  await setActiveWorkspace(db, { sessionId: session.sessionId, workspaceId: workspace.id });
  return json({ workspace });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ POST: onPost });
