#!/usr/bin/env node
// `npm run local`: prepare everything the app needs on its embedded defaults and serve it on
// http://localhost:3000 (PORT). The database and blob store live in ./.data (LOUPE_DATA_DIR) and
// are created and migrated at start; the local sandbox's Debian packages are installed when run
// as root, otherwise the exact apt command is printed and the app starts without the sandbox.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { aptInstall, isRoot, missingPackages, SANDBOX_PACKAGES } from "./system-packages.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Loupe needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}

// 1. The sandbox's system packages.
let missing = missingPackages(SANDBOX_PACKAGES);
if (missing.length > 0 && isRoot()) {
  console.log(`Installing the Python sandbox's Debian packages: ${missing.join(" ")}`);
  if (!aptInstall(missing))
    console.error("apt-get could not install them; the app will start with the sandbox unavailable.");
  missing = missingPackages(SANDBOX_PACKAGES);
}
if (missing.length > 0) {
  console.warn(
    `\nThe Python sandbox needs Debian packages that are not installed. Install them with:\n\n  sudo apt-get install -y ${missing.join(" ")}\n\n` +
      "Loupe starts anyway; code cells report the sandbox as unavailable until then.\n",
  );
}

// 2. A production build, made again when any source is newer than the last one.
const buildId = path.join(root, ".next", "BUILD_ID");
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", ".data", "generated", ".git", "test-results", "bench"].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(tsx?|mjs|css|json|prisma)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
if (!fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestSource(root)) {
  console.log("Building Loupe (the first time takes a minute or two)…");
  const build = spawnSync(process.execPath, ["scripts/prisma.mjs", "generate"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const next = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...env, NODE_ENV: "production" },
  });
  if (next.status !== 0) process.exit(next.status ?? 1);
}

// 3. Serve. The app validates its configuration, opens and migrates the database at start.
const port = process.env.PORT ?? "3000";
console.log(`Starting Loupe on http://localhost:${port}`);
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port], {
  stdio: "inherit",
  env: { ...env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
