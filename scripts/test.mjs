#!/usr/bin/env node
// `npm test`: the whole suite, in order — format and lint, typecheck, unit and integration tests
// (databases on PGlite and on the PostgreSQL at 127.0.0.1:5432, the real sandbox), a production
// build, then Playwright end-to-end tests in Debian's Chromium. Stops at the first failing stage.
// Missing PostgreSQL or Chromium fails loudly: nothing is skipped.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };

function fail(sentence) {
  console.error(`\n✗ ${sentence}`);
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exit(1);
}

function stage(name, command, args, extraEnv = {}) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) fail(`${name} failed after ${seconds} s.`);
  console.log(`✓ ${name} (${seconds} s)`);
}

async function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

// Preconditions, checked first so a missing service is a clear sentence, not a wall of failures.
const pgUrl = new URL(process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
if (!(await reachable(pgUrl.hostname, Number(pgUrl.port || 5432)))) {
  fail(
    `PostgreSQL is not reachable at ${pgUrl.host}. The database tests run on it as well as on PGlite: start it (or set TEST_POSTGRES_URL).`,
  );
}
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium))
  fail(`Chromium is not installed at ${chromium}. Install Debian's chromium package (apt-get install chromium).`);

stage("Prisma client", process.execPath, ["scripts/prisma.mjs", "generate"]);
stage("Format (prettier --check)", bin("prettier"), ["--check", "--log-level", "warn", "."]);
stage("Lint (eslint)", bin("eslint"), ["--max-warnings", "0", "."]);
stage("Typecheck (tsc)", bin("tsc"), ["--noEmit"]);

const unitReport = path.join(reports, "vitest.json");
console.log("\n▶ Unit and integration tests (vitest)");
const unit = spawnSync(
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${unitReport}`],
  { stdio: "inherit", env },
);
if (fs.existsSync(unitReport)) {
  const r = JSON.parse(fs.readFileSync(unitReport, "utf8"));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
if (unit.status !== 0) fail("Unit and integration tests failed.");

stage("Production build (next build)", bin("next"), ["build"], { NODE_ENV: "production" });

const e2eReport = path.join(reports, "playwright.json");
console.log("\n▶ End-to-end tests (Playwright, Debian Chromium)");
const e2e = spawnSync(bin("playwright"), ["test", "--reporter=list,json"], {
  stdio: "inherit",
  // Specs import server modules (marked server-only) to seed databases: load them as the server does.
  env: {
    ...env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport,
    CI: process.env.CI ?? "true",
    NODE_OPTIONS: "--conditions=react-server",
  },
});
if (fs.existsSync(e2eReport)) {
  const s = JSON.parse(fs.readFileSync(e2eReport, "utf8")).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}
if (e2e.status !== 0) fail("End-to-end tests failed.");

console.log(
  `\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`,
);
process.exit(totals.failed > 0 ? 1 : 0);
