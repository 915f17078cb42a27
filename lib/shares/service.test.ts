// Share links against a real (PGlite) database: who may share, what a token opens, and that
// revoked, expired and foreign tokens open nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { testActor } from "@/lib/auth/test-actor";
import { createConversation } from "@/lib/db/conversations";
import { openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { ensureWorkspace } from "@/lib/db/workspaces";
import { UNKNOWN_TOKENS_PER_MINUTE } from "@/lib/auth/token-guessing";
import { AppError } from "@/lib/errors";
import { createShareLink, listShareLinksOf, resolveShareToken, revokeShare, sharedBlobVisible } from "./service";
import { generateShareToken } from "./tokens";

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe("share links", () => {
  let db: TestDatabase;
  let workspaceId: string;
  let otherWorkspaceId: string;
  let conversationId: string;
  let actorIn: (workspaceId: string, role?: Actor["role"]) => Promise<Actor>;
  const key = "a".repeat(64);
  const client = "10.1.1.1";

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    workspaceId = (await ensureWorkspace(db.prisma, { slug: "team", name: "Team" })).id;
    otherWorkspaceId = (await ensureWorkspace(db.prisma, { slug: "other", name: "Other" })).id;
    actorIn = (workspaceId, role = "member") => testActor(db.prisma, { workspaceId, role });
    conversationId = (await createConversation(db.prisma, { workspaceId, visibility: "workspace" })).id;
    const turn = await db.prisma.turn.create({ data: { conversationId, index: 0, question: "What?" } });
    await db.prisma.blob.create({ data: { key, mediaType: "image/png", size: 1 } });
    await db.prisma.conversationImage.create({
      data: {
        conversationId,
        turnId: turn.id,
        index: 1,
        blobKey: key,
        width: 1,
        height: 1,
        originalWidth: 1,
        originalHeight: 1,
        originalType: "image/png",
      },
    });
  }, 60_000);

  afterAll(() => db?.dispose());

  it("opens exactly the shared conversation and its images", async () => {
    const { token, link } = await createShareLink(db.prisma, {
      actor: await actorIn(workspaceId),
      conversationId,
      expires: "never",
    });
    expect(link.status).toBe("active");
    await expect(resolveShareToken(db.prisma, { token, client })).resolves.toMatchObject({
      conversationId,
      workspaceId,
    });
    await expect(sharedBlobVisible(db.prisma, { token, key, client })).resolves.toBe(true);
    await expect(sharedBlobVisible(db.prisma, { token, key: "b".repeat(64), client })).resolves.toBe(false);
    const stored = await db.prisma.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(stored.tokenHash).not.toBe(token);
  });

  it("stops working once revoked, and says so in the list", async () => {
    const actor = await actorIn(workspaceId);
    const { token, link } = await createShareLink(db.prisma, { actor, conversationId, expires: "7d" });
    await revokeShare(db.prisma, { actor, conversationId, shareId: link.id });
    expect(await code(resolveShareToken(db.prisma, { token, client }))).toBe("not_found:share");
    expect(await code(revokeShare(db.prisma, { actor, conversationId, shareId: link.id }))).toBe("not_found:share");
    const audit = await db.prisma.auditEntry.findMany({
      where: { target: conversationId },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["share.created", "share.revoked"]));
    expect(audit.find((a) => a.action === "share.revoked")?.data).toMatchObject({ shareId: link.id });
    const listed = await listShareLinksOf(db.prisma, { actor, conversationId });
    expect(listed.find((l) => l.id === link.id)?.status).toBe("revoked");
  });

  it("stops working after its expiry", async () => {
    const past = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    const { token } = await createShareLink(db.prisma, {
      actor: await actorIn(workspaceId),
      conversationId,
      expires: "1d",
      now: past,
    });
    expect(await code(resolveShareToken(db.prisma, { token, client }))).toBe("not_found:share");
  });

  it("opens nothing for unknown or malformed tokens", async () => {
    expect(await code(resolveShareToken(db.prisma, { token: generateShareToken(), client }))).toBe("not_found:share");
    expect(await code(resolveShareToken(db.prisma, { token: "../../etc/passwd", client }))).toBe("not_found:share");
  });

  it("refuses viewers and other workspaces", async () => {
    expect(
      await code(
        createShareLink(db.prisma, { actor: await actorIn(workspaceId, "viewer"), conversationId, expires: "never" }),
      ),
    ).toBe("forbidden:share");
    expect(
      await code(
        createShareLink(db.prisma, { actor: await actorIn(otherWorkspaceId), conversationId, expires: "never" }),
      ),
    ).toBe("not_found:conversation");
    expect(await code(listShareLinksOf(db.prisma, { actor: await actorIn(otherWorkspaceId), conversationId }))).toBe(
      "not_found:conversation",
    );
  });

  it("refuses a client that guesses tokens, even for a working link, and not other clients", async () => {
    const guesser = "10.6.6.6";
    const { token } = await createShareLink(db.prisma, {
      actor: await actorIn(workspaceId),
      conversationId,
      expires: "never",
    });
    for (let i = 0; i < UNKNOWN_TOKENS_PER_MINUTE; i++)
      expect(await code(resolveShareToken(db.prisma, { token: generateShareToken(), client: guesser }))).toBe(
        "not_found:share",
      );
    expect(await code(resolveShareToken(db.prisma, { token, client: guesser }))).toBe("rate_limited:share");
    expect(await code(sharedBlobVisible(db.prisma, { token, key, client: guesser }))).toBe("rate_limited:share");
    await expect(resolveShareToken(db.prisma, { token, client: "10.6.6.7" })).resolves.toMatchObject({
      conversationId,
    });
  });

  it("names the refused link's workspace for the audit log, and no workspace for a token that opens nothing", async () => {
    const actor = await actorIn(workspaceId);
    const { token, link } = await createShareLink(db.prisma, { actor, conversationId, expires: "never" });
    await revokeShare(db.prisma, { actor, conversationId, shareId: link.id });
    const denialOf = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e: unknown) => (e instanceof AppError ? e.denial : null),
      );
    expect(await denialOf(resolveShareToken(db.prisma, { token, client }))).toEqual({
      on: "share",
      workspaceId,
      actorId: null,
      target: link.id,
      reason: "link revoked",
    });
    expect(await denialOf(resolveShareToken(db.prisma, { token: generateShareToken(), client }))).toMatchObject({
      on: "share",
      workspaceId: null,
      target: null,
      reason: "unknown token",
    });
  });
});
