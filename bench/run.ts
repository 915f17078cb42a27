// `npm run bench [-- --quick] [-- --only <prefix>]`: runs every scenario in bench/scenarios, then
// writes bench/results/<date>.json and a readable bench/REPORT.md. Each scenario reports median and
// p95 of its samples and names the machine. Targets are stated, never asserted: these machines
// are shared and noisy, so numbers are for trends and comparisons run side by side.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { percentile, round } from "./stats";
import type { BenchScenario } from "./types";

const here = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;

interface ScenarioResult {
  name: string;
  description: string;
  target?: string;
  samples: number;
  medianMs?: number;
  p95Ms?: number;
  metrics: Record<string, number | string>;
  notes?: string;
  error?: string;
  wallSeconds: number;
}

async function loadScenarios(): Promise<BenchScenario[]> {
  const dir = path.join(here, "scenarios");
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort();
  const all: BenchScenario[] = [];
  for (const file of files) {
    const mod = (await import(path.join(dir, file))) as { scenarios?: BenchScenario[] };
    all.push(...(mod.scenarios ?? []));
  }
  return only ? all.filter((s) => s.name.startsWith(only)) : all;
}

function machine() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpu: `${cpus.length} × ${cpus[0]?.model ?? "unknown"}`,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

async function main(): Promise<void> {
  const scenarios = await loadScenarios();
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    process.stdout.write(`▶ ${scenario.name} … `);
    const started = performance.now();
    try {
      const outcome = await scenario.run({ iterations: quick ? 5 : 30 });
      const samples = outcome.samplesMs ?? [];
      const result: ScenarioResult = {
        name: scenario.name,
        description: scenario.description,
        target: scenario.target,
        samples: samples.length,
        ...(samples.length ? { medianMs: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)) } : {}),
        metrics: outcome.metrics ?? {},
        notes: outcome.notes,
        wallSeconds: round((performance.now() - started) / 1000, 1),
      };
      results.push(result);
      console.log(samples.length ? `median ${result.medianMs} ms, p95 ${result.p95Ms} ms` : "done");
    } catch (error) {
      console.log("failed");
      results.push({
        name: scenario.name,
        description: scenario.description,
        target: scenario.target,
        samples: 0,
        metrics: {},
        error: error instanceof Error ? error.message : String(error),
        wallSeconds: round((performance.now() - started) / 1000, 1),
      });
    }
  }
  const report = { date: new Date().toISOString(), quick, machine: machine(), results };
  const resultsDir = path.join(here, "results");
  await fs.mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${report.date.slice(0, 10)}.json`);
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  await fs.writeFile(path.join(here, "REPORT.md"), markdown(report));
  console.log(`\nWrote ${path.relative(process.cwd(), file)} and bench/REPORT.md`);
  process.exit(results.some((r) => r.error) ? 1 : 0);
}

function markdown(report: {
  date: string;
  quick: boolean;
  machine: ReturnType<typeof machine>;
  results: ScenarioResult[];
}): string {
  const m = report.machine;
  const lines = [
    "# Loupe benchmarks",
    "",
    `Run ${report.date}${report.quick ? " (quick)" : ""} on **${m.hostname}**: ${m.cpu}, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}, load ${m.loadAverage.join(" / ")}.`,
    "Targets are stated, not asserted; this machine is shared, so compare numbers taken side by side.",
    "",
    "| scenario | median (ms) | p95 (ms) | target | other figures |",
    "|---|---:|---:|---|---|",
  ];
  for (const r of report.results) {
    const figures = r.error
      ? `**failed:** ${r.error}`
      : Object.entries(r.metrics)
          .map(([k, v]) => `${k}: ${v}`)
          .join("; ");
    lines.push(
      `| ${r.name} | ${r.medianMs ?? "—"} | ${r.p95Ms ?? "—"} | ${r.target ?? ""} | ${figures.replace(/\|/g, "\\|")} |`,
    );
  }
  lines.push("", "## What each scenario measures", "");
  for (const r of report.results) lines.push(`- **${r.name}** — ${r.description}${r.notes ? ` ${r.notes}` : ""}`);
  return `${lines.join("\n")}\n`;
}

void main();
