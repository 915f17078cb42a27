#!/usr/bin/env node
// CI's `npm audit --omit=dev --audit-level=high`, read as JSON so that a registry that does not
// answer audit requests (a mirror, a proxy: HTTP 405/404/501) is told apart from one that reports
// advisories. No answer: one line saying so, and the floors (check-floors.mjs) stand alone. High or
// critical advisories in production dependencies: each named, and CI fails.
//   node scripts/audit.mjs
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const AUDIT_ARGS = ["audit", "--omit=dev", "--audit-level=high", "--json"];

/** What an `npm audit --json` output says: answered (and what is high or worse) or not answered. */
export function readAudit(stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { answered: false, reason: "npm audit printed no report" };
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts || typeof counts !== "object") {
    const status = report?.statusCode ?? report?.error?.code;
    const where = report?.uri ? ` at ${new URL(report.uri).host}` : "";
    return {
      answered: false,
      reason: `the registry${where} does not answer audit requests${status ? ` (${status})` : ""}`,
    };
  }
  const serious = Object.values(report.vulnerabilities ?? {})
    .filter((v) => v.severity === "high" || v.severity === "critical")
    .map((v) => {
      const titles = (v.via ?? []).filter((x) => typeof x === "object").map((x) => `${x.title} (${x.url ?? x.source})`);
      return `${v.name} ${v.range ?? ""}: ${v.severity}${titles.length ? ` — ${titles.join("; ")}` : ""}`.replace(
        /\s+:/,
        ":",
      );
    });
  return { answered: true, serious };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const npm = spawnSync("npm", AUDIT_ARGS, { cwd: root, encoding: "utf8", timeout: 120_000 });
  const result = readAudit(npm.stdout ?? "");
  if (!result.answered) {
    console.log(`npm audit: ${result.reason}; relying on the security floors (scripts/security-floors.json).`);
    process.exit(0);
  }
  if (result.serious.length) {
    console.error("✗ npm audit found high or critical advisories in production dependencies:");
    for (const line of result.serious) console.error(`  ${line}`);
    process.exit(1);
  }
  console.log("✓ npm audit: no high or critical advisories in production dependencies.");
}
