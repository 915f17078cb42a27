#!/usr/bin/env node
// Writes prisma/migrations/<timestamp>_<name>/migration.sql for the difference between the schema
// committed at HEAD and the working copy. Needs no database (PGlite cannot host Prisma's shadow
// database), so it works offline on any machine. Usage: npm run db:migration -- <name>
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("Give the migration a name: npm run db:migration -- add_something");
  process.exit(2);
}
const previous = path.join(os.tmpdir(), `loupe-schema-${process.pid}.prisma`);
fs.writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
const result = spawnSync(
  process.execPath,
  [
    "scripts/prisma.mjs",
    "migrate",
    "diff",
    "--from-schema-datamodel",
    previous,
    "--to-schema-datamodel",
    "prisma/schema.prisma",
    "--script",
  ],
  { encoding: "utf8" },
);
fs.rmSync(previous, { force: true });
if (result.status !== 0) {
  process.stderr.write(result.stderr);
  process.exit(result.status ?? 1);
}
const sql = result.stdout
  .split("\n")
  .filter((l) => !/^(Loaded Prisma config|Prisma config detected|Prisma schema loaded)/.test(l))
  .join("\n")
  .trim();
if (!sql || sql === "-- This is an empty migration.") {
  console.log("The schema has not changed since HEAD: no migration written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
console.log(`Wrote ${dir}/migration.sql. Review it, then commit it with the schema.`);
