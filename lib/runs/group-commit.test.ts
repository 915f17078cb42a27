import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addTurnWithRun, createConversation } from "@/lib/db/conversations";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { ensureWorkspace } from "@/lib/db/workspaces";
import { createGroupCommit } from "./group-commit";

describe.each(DATABASE_KINDS)("group commit on %s", (kind) => {
  let db: TestDatabase;
  const runIds: string[] = [];
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const workspace = await ensureWorkspace(db.prisma, { slug: "g", name: "G" });
    for (let i = 0; i < 3; i++) {
      const c = await createConversation(db.prisma, { workspaceId: workspace.id });
      const { run } = await db.prisma.$transaction((tx) =>
        addTurnWithRun(tx, {
          conversationId: c.id,
          workspaceId: workspace.id,
          question: "q",
          images: [],
          profile: "p",
        }),
      );
      runIds.push(run.id);
    }
  });
  afterAll(() => db.dispose());

  const event = (seq: number) => ({
    seq,
    type: "thought_delta",
    data: { seq, type: "thought_delta", call: 1, text: "x" },
  });

  it("commits batches of several runs together, and a bad batch fails only its own run", async () => {
    const writer = createGroupCommit(db, 20);
    await writer.persist({ runId: runIds[2]!, events: [event(1)], blobKeys: [] });
    const results = await Promise.allSettled([
      writer.persist({ runId: runIds[0]!, events: [event(1), event(2)], blobKeys: [] }),
      writer.persist({ runId: runIds[1]!, events: [event(1)], blobKeys: [] }),
      // seq 1 of this run is already stored: a conflict.
      writer.persist({ runId: runIds[2]!, events: [event(1)], blobKeys: [] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    const counts = await Promise.all(runIds.map((runId) => db.prisma.traceEvent.count({ where: { runId } })));
    expect(counts).toEqual([2, 1, 1]);
    const stored = await db.prisma.run.findMany({ where: { id: { in: runIds } } });
    const byId = new Map(stored.map((r) => [r.id, r]));
    expect(runIds.map((id) => byId.get(id)?.lastSeq)).toEqual([2, 1, 1]);
    // Stored as UTC whatever the process's time zone (Prisma reads it back as UTC).
    for (const run of stored) expect(Math.abs(run.heartbeatAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("stores any JSON text exactly, and each blob of a run once", async () => {
    const writer = createGroupCommit(db, 20);
    const text = 'quotes " and \\ backslashes, {braces}, commas, NULL, 🦉 emoji, \u00e9, new\nline';
    const data = { seq: 3, type: "thought_delta", call: 1, text, nested: { list: [1, "two", null] } };
    await Promise.all([
      writer.persist({ runId: runIds[0]!, events: [{ seq: 3, type: "thought_delta", data }], blobKeys: ["k1", "k1"] }),
      writer.persist({ runId: runIds[1]!, events: [{ seq: 2, type: "thought_delta", data }], blobKeys: ["k1", "k2"] }),
    ]);
    const stored = await db.prisma.traceEvent.findUnique({ where: { runId_seq: { runId: runIds[0]!, seq: 3 } } });
    expect(stored?.data).toEqual(data);
    const blobs = await db.prisma.runBlob.findMany({ where: { runId: { in: runIds } }, orderBy: { blobKey: "asc" } });
    expect(blobs.map((b) => [runIds.indexOf(b.runId), b.blobKey]).sort()).toEqual([
      [0, "k1"],
      [1, "k1"],
      [1, "k2"],
    ]);
  });
});
