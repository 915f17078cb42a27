import { z } from "zod";
import { requireSession } from "@/lib/auth/actor";
import { createResetPath } from "@/lib/auth/reset-link";
import { getAuth } from "@/lib/auth/server";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/db/audit";
import { getUserByEmail } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { shownLinkFor } from "@/lib/http/urls";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

const body = z.object({ email: z.email("must be an email address") }).strict();

// POST /api/workspaces/instance/reset-link – the instance admin makes a password reset link for a
// user, to pass on when this server cannot send email
const onPost = handler(async (request: Request) => {
  const session = await requireSession(request);
  if (!session.isInstanceAdmin) throw new AppError("forbidden:instance", "Only the instance admin can do this.");
  const { email } = body.parse(await readJson(request));
  const db = await prisma();
  const user = await getUserByEmail(db, { email });
  if (!user) throw new AppError("not_found:user", `There is no account for ${email}.`);
  const url = shownLinkFor(request, await createResetPath(await getAuth(), { userId: user.id }));
  await recordAudit(db, {
    workspaceId: null,
    actorId: session.userId,
    action: "user.reset_link_created",
    target: user.id,
  });
  return json({ url, expiresInMinutes: 60 }, { status: 201 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ POST: onPost });
