import { requireRole } from "@/lib/auth/actor";
import { mailer, trySend } from "@/lib/auth/mailer";
import { prisma } from "@/lib/db";
import { listPendingInvitations } from "@/lib/db/invitations";
import { getWorkspace } from "@/lib/db/workspaces";
import { readJson } from "@/lib/http/body";
import { handler, json } from "@/lib/http/respond";
import { emailedLinkFor, shownLinkFor } from "@/lib/http/urls";
import { createInvitation } from "@/lib/workspaces/invitations";
import { invitationBody } from "../../schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/workspaces/current/invitations – invitations not yet used, withdrawn or expired (admins)
const onGet = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  const rows = await listPendingInvitations(await prisma(), { workspaceId: actor.workspaceId, now: new Date() });
  return json({
    items: rows.map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role,
      expiresAt: r.expiresAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
    })),
  });
});

// POST /api/workspaces/current/invitations – invite by link, and by email when SMTP is set up.
// The link is in the answer only when no email went out, for the admin to pass on.
const onPost = handler(async (request: Request) => {
  const actor = await requireRole(request, "admin");
  const body = invitationBody.parse(await readJson(request));
  // An invitation to email needs an origin we vouch for (lib/http/link-origin): refused before it is made.
  const emailTo = body.email && mailer().configured ? body.email : null;
  const emailOrigin = emailTo ? emailedLinkFor(request, "") : null;
  const db = await prisma();
  const { invitation, token } = await createInvitation(db, {
    workspaceId: actor.workspaceId,
    role: body.role,
    email: body.email ?? null,
    invitedById: actor.userId,
  });
  const path = `/invite/${token}`;
  const workspace = await getWorkspace(db, { id: actor.workspaceId });
  const emailed = emailTo
    ? await trySend({
        to: emailTo,
        subject: `You are invited to ${workspace?.name ?? "a workspace"} on Loupe`,
        text: `You have been invited to join ${workspace?.name ?? "a workspace"} on Loupe as ${body.role}.\n\nOpen this link within 7 days to accept:\n${emailOrigin}${path}\n`,
      })
    : false;
  return json(
    {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
      emailed,
      ...(emailed ? {} : { url: shownLinkFor(request, path) }),
    },
    { status: 201 },
  );
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet, POST: onPost });
