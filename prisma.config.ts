// Prisma CLI configuration. The CLI runs on its WebAssembly engines through a driver adapter,
// so it never downloads a binary (see scripts/prisma.mjs for the environment it needs).
// It is only used to create migrations and generate the client; the app applies migrations
// itself (lib/db/migrate.ts).
import path from "node:path";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    const url = process.env.LOUPE_CLI_DATABASE_URL ?? "";
    if (/^postgres(ql)?:\/\//.test(url)) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    // Migrations are authored against a throwaway PGlite database.
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dir = path.resolve(process.env.LOUPE_DATA_DIR ?? ".data", "prisma-dev");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
    return new PrismaPGlite(await PGlite.create(dir));
  },
});
