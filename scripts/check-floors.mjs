#!/usr/bin/env node
// Supply-chain floor: fails when an installed framework or library is older than the floor in
// scripts/security-floors.json (each floor lists the advisories it answers). Checks the version the
// lockfile resolves (what `npm ci` installs) and the one in node_modules; for React's Server
// Components runtime, the copy Next.js bundles. Run by .ci/run after `npm ci` and by npm test.
//   node scripts/check-floors.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** -1, 0 or 1; a prerelease sorts before its release (19.3.0-canary-… < 19.3.0). */
export function compareVersions(a, b) {
  const parse = (v) => {
    const [core, ...pre] = String(v).trim().replace(/^v/, "").split("-");
    return { nums: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre: pre.join("-") };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/**
 * One sentence per package below its floor (or whose version cannot be read); empty when all hold.
 * `versionsOf(name, spec)` returns the versions found for it: [{ where, version }].
 */
export function checkFloors(floors, versionsOf) {
  const problems = [];
  for (const [name, spec] of Object.entries(floors.packages)) {
    const found = versionsOf(name, spec);
    const ids = spec.advisories.map((a) => a.id).filter((id) => id !== "none");
    const why = ids.length ? ` (it answers ${ids.join(", ")})` : "";
    if (found.length === 0) {
      problems.push(`${name}: no installed version could be read, so its floor ${spec.floor} cannot be checked.`);
      continue;
    }
    for (const { where, version } of found) {
      if (!version) problems.push(`${name}: ${where} names no version, so its floor ${spec.floor} cannot be checked.`);
      else if (compareVersions(version, spec.floor) < 0)
        problems.push(
          `${name} ${version} (${where}) is below the security floor ${spec.floor}${why}; upgrade it (scripts/security-floors.json).`,
        );
    }
  }
  return problems;
}

/** The versions a checkout has: its lockfile's and node_modules', or what Next.js bundles. */
export function versionsInCheckout(root) {
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
  const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
  return (name, spec) => {
    if (spec.bundledIn) {
      const dir = path.join(root, "node_modules", spec.bundledIn, "dist", "compiled", name, "cjs");
      if (!fs.existsSync(dir)) return [];
      // The build stamps its React version into the client bundles (e.g. "19.3.0-canary-278794d7-20261002").
      const versions = new Set();
      for (const file of fs.readdirSync(dir))
        for (const m of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/"(19\.\d+\.\d+(?:-[\w.-]+)?)"/g))
          versions.add(m[1]);
      return [...versions].map((version) => ({ where: `bundled in ${spec.bundledIn}`, version }));
    }
    const found = [];
    const locked = lock.packages?.[`node_modules/${name}`];
    if (locked) found.push({ where: "package-lock.json", version: locked.version });
    const installed = path.join(root, "node_modules", name, "package.json");
    if (fs.existsSync(installed)) found.push({ where: "node_modules", version: readJson(installed).version });
    return found;
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const floors = JSON.parse(fs.readFileSync(path.join(root, "scripts", "security-floors.json"), "utf8"));
  const problems = checkFloors(floors, versionsInCheckout(root));
  if (problems.length) {
    for (const p of problems) console.error(`✗ ${p}`);
    process.exit(1);
  }
  console.log(`✓ Security floors hold for ${Object.keys(floors.packages).join(", ")}.`);
}
