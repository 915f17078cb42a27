#!/usr/bin/env node
// Runs the Prisma CLI with the environment that keeps it on its WebAssembly engines, so it never
// tries to download a binary (which fails without internet). Usage: node scripts/prisma.mjs <args>
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const placeholder = fileURLToPath(new URL("./empty-module.mjs", import.meta.url));
const env = {
  ...process.env,
  // What prisma.config.ts connects to: PostgreSQL if configured, else a throwaway PGlite.
  LOUPE_CLI_DATABASE_URL: process.env.DATABASE_URL ?? "",
  // The schema parser wants a URL; the adapter in prisma.config.ts decides what is used.
  DATABASE_URL: process.env.DATABASE_URL || "postgresql://unused@localhost/unused",
  // Paths that exist; in adapter mode these files are never loaded.
  PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
  PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const bin = fileURLToPath(new URL("../node_modules/prisma/build/index.js", import.meta.url));
const result = spawnSync(process.execPath, [bin, ...process.argv.slice(2)], {
  env,
  stdio: "inherit",
  cwd: fileURLToPath(new URL("..", import.meta.url)),
});
process.exit(result.status ?? 1);
