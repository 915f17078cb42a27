// Checks every configured dependency and says, in plain sentences, what works, what does not and
// how to fix it. Changes nothing: the database is opened but not migrated.
import { openDatabase } from "@/lib/db/client";
import { DirectoryInUseError } from "@/lib/db/dir-lock";
import { readMigrations } from "@/lib/db/migrate";
import { ConfigError, configuredSearchProviders, parseEnv, type Env } from "@/lib/env";
import { checkImageBucket, checkModel, checkSandboxHealth, checkSearch } from "@/lib/health/checks";
import { checkPublicAddress } from "@/lib/health/public-address";
import type { ComponentHealth } from "@/lib/health/types";
import { parseFlags } from "./flags";
import type { Command } from "./types";

const MARK = { ok: "✓", not_configured: "–", down: "✗" } as const;

function report(label: string, health: ComponentHealth): void {
  const latency = health.latencyMs === null ? "" : ` (${health.latencyMs} ms)`;
  console.log(`${MARK[health.status]} ${label}: ${health.reason}${latency}`);
  for (const warning of health.warnings ?? []) console.log(`  ! ${warning}`);
}

async function checkDatabaseForDoctor(e: Env): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    const database = await openDatabase({ url: e.DATABASE_URL, dataDir: e.LOUPE_DATA_DIR, poolSize: 1 });
    try {
      const known = await readMigrations();
      const applied = await database
        .withSession((s) =>
          s.query<{ name: string }>(
            `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          ),
        )
        .catch(() => []);
      const pending = known.length - applied.length;
      const where =
        database.kind === "pglite"
          ? `The embedded database in ${database.location}`
          : `PostgreSQL at ${database.location}`;
      return {
        status: "ok",
        reason:
          pending > 0
            ? `${where} answers; ${pending} migration(s) will be applied at the next start (or run \`npm run db:migrate\`).`
            : `${where} answers and is up to date.`,
        latencyMs: Math.round(performance.now() - started),
      };
    } finally {
      await database.close();
    }
  } catch (error) {
    if (error instanceof DirectoryInUseError) {
      return {
        status: "ok",
        reason: `The embedded database is open in a running Loupe (pid ${error.pid}); ask it at /api/health for live status.`,
        latencyMs: null,
      };
    }
    return { status: "down", reason: (error as Error).message, latencyMs: Math.round(performance.now() - started) };
  }
}

export const doctor: Command = {
  name: "doctor",
  summary: "Check configuration, database, image store, sandbox, model server and search; say how to fix what fails.",
  usage: "doctor",
  async run(args) {
    parseFlags(doctor.name, args, {});
    let e: Env;
    try {
      e = parseEnv();
    } catch (error) {
      if (error instanceof ConfigError) {
        console.log(`✗ Configuration: ${error.message}`);
        return 1;
      }
      throw error;
    }
    const mode = e.DATABASE_URL ? "PostgreSQL" : `embedded, data in ${e.LOUPE_DATA_DIR}`;
    const providers = configuredSearchProviders(e);
    console.log(
      `✓ Configuration: valid (${mode}; profile ${e.MODEL_PROFILE}${providers.length ? `; search via ${providers.join(", ")}` : ""}).`,
    );
    const [database, images, sandbox, model, search] = await Promise.all([
      checkDatabaseForDoctor(e),
      checkImageBucket(e),
      checkSandboxHealth(e),
      checkModel(e),
      checkSearch(e),
    ]);
    report("Public address", checkPublicAddress(e));
    report("Database", database);
    report("Image store", images);
    report("Sandbox", sandbox);
    report("Model server", model);
    report("Search", search);
    const down = [database, images, sandbox, model, search].filter((c) => c.status === "down").length;
    console.log(
      down === 0
        ? "\nEverything that is configured works."
        : `\n${down} check(s) failed; see the sentences above for the fix.`,
    );
    return down === 0 ? 0 : 1;
  },
};
