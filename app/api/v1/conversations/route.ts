import { requireActor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db";
import { createConversation, listConversations } from "@/lib/db/conversations";
import { handler, json } from "@/lib/http/respond";
import { readJson } from "@/lib/http/body";
import { createConversationSchema, listConversationsSchema } from "./schema";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// POST /api/v1/conversations – start a conversation (questions are added as turns)
const onPost = handler(async (request: Request) => {
  const actor = await requireActor(request, "conversations:write");
  const body = createConversationSchema.parse(await readJson(request, { optional: true }));
  const conversation = await createConversation(await prisma(), {
    workspaceId: actor.workspaceId,
    authorId: actor.userId,
    ...body,
  });
  return json({ id: conversation.id }, { status: 201 });
});

// GET /api/v1/conversations – a page of the workspace's conversations, newest first
const onGet = handler(async (request: Request) => {
  const actor = await requireActor(request, "conversations:read");
  const query = listConversationsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listConversations(await prisma(), {
    workspaceId: actor.workspaceId,
    reader: { userId: actor.userId },
    ...query,
  });
  return json({
    items: page.items.map((c) => ({
      id: c.id,
      title: c.title,
      visibility: c.visibility,
      turns: c._count.turns,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet, POST: onPost });
