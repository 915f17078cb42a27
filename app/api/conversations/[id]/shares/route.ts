import { requireActor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { readJson } from "@/lib/http/body";
import { idParam } from "@/lib/http/params";
import { handler, json } from "@/lib/http/respond";
import { shownLinkFor } from "@/lib/http/urls";
import { createShareLink, listShareLinksOf } from "@/lib/shares/service";
import { createShareSchema } from "./schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/conversations/:id/shares – a read-only link to the conversation; the URL is shown once
const onPost = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, "conversations:write");
  const conversationId = idParam((await params).id, "conversation");
  const body = createShareSchema.parse(await readJson(request, { optional: true }));
  const { token, link } = await createShareLink(await prisma(), { actor, conversationId, expires: body.expires });
  return json({ ...link, url: shownLinkFor(request, `/s/${token}`) }, { status: 201 });
});

// GET /api/conversations/:id/shares – the conversation's share links (without their tokens)
const onGet = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, "conversations:read");
  const conversationId = idParam((await params).id, "conversation");
  return json({ items: await listShareLinksOf(await prisma(), { actor, conversationId }) });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet, POST: onPost });
