import { closeDatabase, migrateDatabase } from "@/lib/db";
import { openDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { parseFlags } from "./flags";
import type { Command } from "./types";

export const dbMigrate: Command = {
  name: "db:migrate",
  summary: "Apply pending database migrations (the app also does this at start).",
  usage: "db:migrate",
  async run(args) {
    parseFlags(dbMigrate.name, args, {});
    const e = env();
    const database = await openDatabase({ url: e.DATABASE_URL, dataDir: e.LOUPE_DATA_DIR, poolSize: 2 });
    try {
      const { applied } = await migrateDatabase(database);
      console.log(
        applied.length === 0
          ? `The database (${database.location}) is up to date.`
          : `Applied ${applied.length} migration(s) to ${database.location}: ${applied.join(", ")}.`,
      );
      return 0;
    } finally {
      await database.close();
      await closeDatabase();
    }
  },
};
