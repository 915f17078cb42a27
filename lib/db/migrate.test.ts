import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./client";
import { DirectoryInUseError, lockDirectory } from "./dir-lock";
import { applyMigrations, readMigrations, type Migration } from "./migrate";
import { createEmptyDatabase, DATABASE_KINDS } from "./testing";

describe.each(DATABASE_KINDS)("migrations on %s", (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  async function fresh(): Promise<{ db: Database; target: Awaited<ReturnType<typeof createEmptyDatabase>> }> {
    const target = await createEmptyDatabase(kind);
    const db = await openDatabase({ url: target.url, dataDir: target.dataDir, poolSize: 4 });
    cleanups.push(async () => {
      await db.close();
      await target.drop();
    });
    return { db, target };
  }

  it("applies every migration once and is idempotent", async () => {
    const { db } = await fresh();
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const first = await db.withSession((s) => applyMigrations(s, migrations));
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const second = await db.withSession((s) => applyMigrations(s, migrations));
    expect(second.applied).toEqual([]);
    // The schema is usable through Prisma.
    const ws = await db.prisma.workspace.create({ data: { slug: "w", name: "W" } });
    expect(ws.slug).toBe("w");
  });

  it("rolls back a failing migration completely and says which one", async () => {
    const { db } = await fresh();
    const bad: Migration[] = [
      { name: "20990101000000_bad", sql: `CREATE TABLE half_done (id int); SELECT no_such_function();`, checksum: "x" },
    ];
    await expect(db.withSession((s) => applyMigrations(s, bad))).rejects.toThrow(
      /20990101000000_bad could not be applied/,
    );
    const rows = await db.withSession((s) =>
      s.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`),
    );
    expect(rows[0]?.n).toBe(0);
  });

  it("refuses a migration edited after it was applied", async () => {
    const { db } = await fresh();
    const migrations = await readMigrations();
    await db.withSession((s) => applyMigrations(s, migrations));
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(db.withSession((s) => applyMigrations(s, edited))).rejects.toThrow(/changed after it was applied/);
  });

  if (kind === "postgres") {
    it("two instances migrating at once leave one consistent schema", async () => {
      const { target } = await fresh();
      const migrations = await readMigrations();
      const a = await openDatabase({ url: target.url, dataDir: target.dataDir, poolSize: 2 });
      const b = await openDatabase({ url: target.url, dataDir: target.dataDir, poolSize: 2 });
      try {
        const [ra, rb] = await Promise.all([
          a.withSession((s) => applyMigrations(s, migrations)),
          b.withSession((s) => applyMigrations(s, migrations)),
        ]);
        expect([...ra.applied, ...rb.applied].sort()).toEqual(migrations.map((m) => m.name).sort());
        const rows = await a.withSession((s) =>
          s.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`),
        );
        expect(rows[0]?.n).toBe(migrations.length);
      } finally {
        await a.close();
        await b.close();
      }
    });
  }
});

describe("the embedded database directory lock", () => {
  it("names the process holding it instead of failing obscurely", async () => {
    const { dataDir, drop } = await createEmptyDatabase("pglite");
    const release = lockDirectory(dataDir);
    try {
      expect(() => lockDirectory(dataDir)).toThrow(DirectoryInUseError);
      expect(() => lockDirectory(dataDir)).toThrow(/in use by another Loupe process \(pid \d+\)/);
    } finally {
      release();
      await drop();
    }
    // Released: it can be taken again.
    lockDirectory(dataDir)();
  });
});
