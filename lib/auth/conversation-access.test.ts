// The one place conversation access is decided, on each database: a private conversation is its
// author's alone, whoever asks (an admin, or an admin's API key) and on every verb; what is
// refused carries a Denial for the audit log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConversation } from "@/lib/db/conversations";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { ensureWorkspace } from "@/lib/db/workspaces";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { authorizeConversation, authorizeRun } from "./conversation-access";
import { testActor } from "./test-actor";

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe.each(DATABASE_KINDS)("conversation access on %s", (kind) => {
  let db: TestDatabase;
  const actors = {} as Record<"admin" | "adminKey" | "member" | "viewer" | "author", Actor>;
  let secret: string;
  let secretRun: string;
  let shared: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const workspaceId = (await ensureWorkspace(db.prisma, { slug: "team", name: "Team" })).id;
    actors.author = await testActor(db.prisma, { workspaceId, role: "member" });
    actors.admin = await testActor(db.prisma, { workspaceId, role: "admin" });
    actors.adminKey = { ...actors.admin, kind: "api_key", apiKey: { id: "key-1", prefix: "loupe_abcdef" } };
    actors.member = await testActor(db.prisma, { workspaceId, role: "member" });
    actors.viewer = await testActor(db.prisma, { workspaceId, role: "viewer" });
    secret = (await createConversation(db.prisma, { workspaceId, authorId: actors.author.userId })).id;
    shared = (
      await createConversation(db.prisma, { workspaceId, authorId: actors.author.userId, visibility: "workspace" })
    ).id;
    const turn = await db.prisma.turn.create({ data: { conversationId: secret, index: 0, question: "q" } });
    secretRun = (
      await db.prisma.run.create({
        data: { turnId: turn.id, conversationId: secret, workspaceId, profile: "deepeyes-v2" },
      })
    ).id;
  }, 60_000);
  afterAll(() => db?.dispose());

  it("hides a private conversation and its runs from everyone but its author, keys included", async () => {
    const seen: Record<string, string[]> = {};
    for (const [who, actor] of Object.entries(actors)) {
      seen[who] = [
        await outcome(authorizeConversation(db.prisma, actor, secret, "read")),
        await outcome(authorizeConversation(db.prisma, actor, secret, "write")),
        await outcome(authorizeRun(db.prisma, actor, secretRun, "read")),
        await outcome(authorizeRun(db.prisma, actor, secretRun, "write")),
      ];
    }
    const hidden = ["not_found:conversation", "not_found:conversation", "not_found:run", "not_found:run"];
    expect(seen).toEqual({
      author: ["ok", "ok", "ok", "ok"],
      admin: hidden,
      adminKey: hidden,
      member: hidden,
      viewer: hidden,
    });
  });

  it("lets the workspace read a shared conversation, and only its author and admins change it", async () => {
    const seen: Record<string, string[]> = {};
    for (const [who, actor] of Object.entries(actors)) {
      seen[who] = [
        await outcome(authorizeConversation(db.prisma, actor, shared, "read")),
        await outcome(authorizeConversation(db.prisma, actor, shared, "write")),
      ];
    }
    expect(seen).toEqual({
      author: ["ok", "ok"],
      admin: ["ok", "ok"],
      adminKey: ["ok", "ok"],
      member: ["ok", "forbidden:conversation"],
      viewer: ["ok", "forbidden:conversation"],
    });
  });

  it("names who was refused, through which key, for the audit log", async () => {
    const error = await authorizeConversation(db.prisma, actors.adminKey, secret, "read").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).denial).toEqual({
      on: "conversation",
      workspaceId: actors.admin.workspaceId,
      actorId: actors.admin.userId,
      apiKey: { id: "key-1", prefix: "loupe_abcdef" },
      target: secret,
      reason: "read: not visible",
    });
  });
});
