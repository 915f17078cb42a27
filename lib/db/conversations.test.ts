// Paging through a workspace's conversations while they change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createConversation,
  decodeConversationCursor,
  encodeConversationCursor,
  listConversations,
  visibleTo,
  type Reader,
} from "./conversations";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "./testing";
import { ensureWorkspace } from "./workspaces";

describe("conversation cursors", () => {
  it("name a position (updatedAt and id), and nothing else decodes", () => {
    const position = { updatedAt: new Date("2026-11-30T12:00:00.123Z"), id: "0b5e4a52-8d6f-4a8e-9a52-2f1e3c4d5e6f" };
    expect(decodeConversationCursor(encodeConversationCursor(position))).toEqual(position);
    for (const text of ["", "nonsense", position.id, Buffer.from("2026-13-45T99:00:00.000Z|x").toString("base64url")])
      expect(decodeConversationCursor(text)).toBeUndefined();
  });
});

describe("who a conversation is visible to", () => {
  it("is decided for every read: a reader without a user or link is an error, not 'everything'", () => {
    // `visibleTo(undefined)` used to be `{}` (no filter), so a caller that forgot the viewer read
    // every private conversation of the workspace.
    for (const reader of [undefined, null, {}, { userId: "" }, { userId: undefined }, { shareLinkId: "" }])
      expect(() => visibleTo(reader as unknown as Reader)).toThrow();
    expect(visibleTo({ userId: "u1" })).toEqual({ OR: [{ visibility: "workspace" }, { authorId: "u1" }] });
    expect(visibleTo({ shareLinkId: "s1" })).toEqual({ shareLinks: { some: { id: "s1", revokedAt: null } } });
  });
});

describe.each(DATABASE_KINDS)("listConversations on %s", (kind) => {
  const reader = { userId: "someone" };
  let db: TestDatabase;
  let workspaceId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    workspaceId = (await ensureWorkspace(db.prisma, { slug: "pages", name: "Pages" })).id;
    for (let i = 0; i < 5; i++) {
      ids.push((await createConversation(db.prisma, { workspaceId, visibility: "workspace" })).id);
      await new Promise((r) => setTimeout(r, 5)); // distinct updatedAt
    }
  });
  afterAll(() => db.dispose());

  it("pages through every conversation once, even when one moves to the front mid-walk", async () => {
    const first = await listConversations(db.prisma, { workspaceId, reader, limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    // The last item of the page is asked a question (it moves to the front) before the next page.
    await db.prisma.conversation.update({ where: { id: ids[3] }, data: { updatedAt: new Date() } });
    const seen = first.items.map((c) => c.id);
    for (let cursor = first.nextCursor; cursor;) {
      const page = await listConversations(db.prisma, {
        workspaceId,
        reader,
        limit: 2,
        cursor: decodeConversationCursor(cursor),
      });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]]);
  });
});
