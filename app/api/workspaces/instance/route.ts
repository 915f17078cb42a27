import { requireSession } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/db/audit";
import {
  getAllowedPrivateEndpoints,
  getSignupMode,
  setAllowedPrivateEndpoints,
  setSignupMode,
} from "@/lib/db/instance-settings";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { instanceBody } from "../schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

async function requireInstanceAdmin(request: Request) {
  const session = await requireSession(request);
  if (!session.isInstanceAdmin) throw new AppError("forbidden:instance", "Only the instance admin can do this.");
  return session;
}

// GET /api/workspaces/instance – instance-wide settings (the instance admin)
const onGet = handler(async (request: Request) => {
  await requireInstanceAdmin(request);
  const db = await prisma();
  return json({ signupMode: await getSignupMode(db), allowPrivateEndpoints: await getAllowedPrivateEndpoints(db) });
});

// PUT /api/workspaces/instance – set who may sign up (open, invite_only or closed), and which private
// hosts and address ranges workspaces' model, SearXNG and sandbox URLs may point to
const onPut = handler(async (request: Request) => {
  const session = await requireInstanceAdmin(request);
  const { signupMode, allowPrivateEndpoints } = instanceBody.parse(await readJson(request));
  const db = await prisma();
  if (signupMode !== undefined) {
    await setSignupMode(db, signupMode);
    await recordAudit(db, {
      workspaceId: null,
      actorId: session.userId,
      action: "instance.signup_mode",
      data: { signupMode },
    });
  }
  if (allowPrivateEndpoints !== undefined) {
    await setAllowedPrivateEndpoints(db, allowPrivateEndpoints);
    await recordAudit(db, {
      workspaceId: null,
      actorId: session.userId,
      action: "instance.private_endpoints",
      data: { allowPrivateEndpoints },
    });
  }
  return json({ signupMode: await getSignupMode(db), allowPrivateEndpoints: await getAllowedPrivateEndpoints(db) });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet, PUT: onPut });
