import { requireSession } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/db/audit";
import { getSignupMode, setSignupMode } from "@/lib/db/instance-settings";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { signupModeBody } from "../schema";

export const dynamic = "force-dynamic";

async function requireInstanceAdmin(request: Request) {
  const session = await requireSession(request);
  if (!session.isInstanceAdmin) throw new AppError("forbidden:instance", "Only the instance admin can do this.");
  return session;
}

// GET /api/workspaces/instance – instance-wide settings (the instance admin)
export const GET = handler(async (request: Request) => {
  await requireInstanceAdmin(request);
  return json({ signupMode: await getSignupMode(await prisma()) });
});

// PUT /api/workspaces/instance – set who may sign up: open, invite_only or closed
export const PUT = handler(async (request: Request) => {
  const session = await requireInstanceAdmin(request);
  const { signupMode } = signupModeBody.parse(await readJson(request));
  const db = await prisma();
  await setSignupMode(db, signupMode);
  await recordAudit(db, {
    workspaceId: null,
    actorId: session.userId,
    action: "instance.signup_mode",
    data: { signupMode },
  });
  return json({ signupMode });
});
