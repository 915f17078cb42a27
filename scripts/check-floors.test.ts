// Supply chain: a framework or library older than the version that fixed a known advisory must
// fail CI with a sentence, and CI must audit production dependencies where the registry answers.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readAudit } from "./audit.mjs";
import { checkFloors, compareVersions, versionsInCheckout } from "./check-floors.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const floors = JSON.parse(fs.readFileSync(path.join(root, "scripts/security-floors.json"), "utf8")) as {
  packages: Record<string, { floor: string; bundledIn?: string; advisories: { id: string; summary: string }[] }>;
};

describe("security floors", () => {
  it("cover next, the React Server Components runtime Next.js bundles, better-auth, sharp and @jupyterlab/services", () => {
    expect(Object.keys(floors.packages)).toEqual(
      expect.arrayContaining([
        "next",
        "react-server-dom-webpack",
        "react-server-dom-turbopack",
        "better-auth",
        "sharp",
        "@jupyterlab/services",
      ]),
    );
    for (const [name, spec] of Object.entries(floors.packages)) {
      expect(spec.floor, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(spec.advisories.length, name).toBeGreaterThan(0);
      for (const a of spec.advisories) {
        expect(a.id, name).toMatch(/^(CVE-\d{4}-\d+|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|none)$/);
        expect(a.summary, `${name} ${a.id}`).toMatch(/\.$/);
      }
    }
  });

  it("hold for this checkout: the lockfile, node_modules and the runtime bundled in next", () => {
    expect(checkFloors(floors, versionsInCheckout(root))).toEqual([]);
  });

  it("refuse a Next.js that predates the React2Shell fix, saying which advisories it misses", () => {
    const problems = checkFloors(floors, (name: string, spec: { floor: string }) => [
      { where: "node_modules", version: name === "next" ? "16.0.6" : spec.floor },
    ]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^next 16\.0\.6 \(node_modules\) is below the security floor 16\.3\.3 \(it answers CVE-2025-66478, .*\); upgrade it/,
      ),
    ]);
  });

  it("refuse a bundled React canary older than the floor, and a version that cannot be read", () => {
    const problems = checkFloors(floors, (name: string, spec: { floor: string }) =>
      name === "react-server-dom-webpack"
        ? [{ where: "bundled in next", version: "19.2.0-canary-5a1b2c3d-20250601" }]
        : name === "sharp"
          ? []
          : [{ where: "node_modules", version: spec.floor }],
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^react-server-dom-webpack 19\.2\.0-canary-.* \(bundled in next\) is below the security floor 19\.2\.6/,
      ),
      "sharp: no installed version could be read, so its floor 0.35.4 cannot be checked.",
    ]);
  });

  it("order versions as semver does, prereleases before their release", () => {
    expect(compareVersions("16.4.5", "16.3.3")).toBe(1);
    expect(compareVersions("0.35.3", "0.35.4")).toBe(-1);
    expect(compareVersions("1.10.0", "1.9.9")).toBe(1);
    expect(compareVersions("19.3.0-canary-278794d7-20261002", "19.2.6")).toBe(1);
    expect(compareVersions("19.2.6-canary-x", "19.2.6")).toBe(-1);
    expect(compareVersions("7.6.6", "7.6.6")).toBe(0);
  });
});

describe("npm audit in CI", () => {
  it("fails on high or critical advisories and names them", () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        sharp: {
          name: "sharp",
          severity: "high",
          range: "<0.35.4",
          via: [{ title: "libheif heap overflow", url: "https://github.com/advisories/GHSA-rgj7-g3m4-5g8c" }],
        },
        "tiny-thing": { name: "tiny-thing", severity: "moderate", range: "<1.0.1", via: [] },
      },
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 0, total: 2 } },
    };
    expect(readAudit(JSON.stringify(report))).toEqual({
      answered: true,
      serious: ["sharp <0.35.4: high — libheif heap overflow (https://github.com/advisories/GHSA-rgj7-g3m4-5g8c)"],
    });
  });

  it("passes a clean report", () => {
    const clean = { auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { high: 0, total: 0 } } };
    expect(readAudit(JSON.stringify(clean))).toEqual({ answered: true, serious: [] });
  });

  it("tells a registry that does not answer audit requests apart from a clean report", () => {
    const refused = {
      message: "405 Method Not Allowed - POST https://registry.example.org/-/npm/v1/security/advisories/bulk",
      uri: "https://registry.example.org/-/npm/v1/security/advisories/bulk",
      statusCode: 405,
      error: { summary: "", detail: "" },
    };
    expect(readAudit(JSON.stringify(refused))).toEqual({
      answered: false,
      reason: "the registry at registry.example.org does not answer audit requests (405)",
    });
    expect(readAudit("")).toMatchObject({ answered: false });
  });

  it("runs in .ci/run after npm ci, with the floor check, and .npmrc no longer turns audit off", () => {
    const lines = fs.readFileSync(path.join(root, ".ci/run"), "utf8").split("\n");
    const at = (command: string) => lines.findIndex((line) => line.startsWith(command));
    expect(at("npm ci")).toBeGreaterThan(-1);
    expect(at("node scripts/check-floors.mjs")).toBeGreaterThan(at("npm ci"));
    expect(at("node scripts/audit.mjs")).toBeGreaterThan(at("npm ci"));
    expect(at("npm test")).toBeGreaterThan(at("node scripts/audit.mjs"));
    const npmrc = fs.readFileSync(path.join(root, ".npmrc"), "utf8");
    expect(npmrc).not.toMatch(/^\s*audit\s*=\s*false/m);
    expect(npmrc).toMatch(/^fund=false$/m);
  });
});
