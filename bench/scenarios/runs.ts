// 100 concurrent runs against the built app, the mock vLLM streaming 60 tokens/s per run: latency
// from a model chunk leaving the mock to the matching SSE event reaching a viewer (p50/p99), the
// app's CPU and peak RSS, and lost or reordered events. Once on one embedded instance, once with
// two instances on PostgreSQL where every viewer watches from the instance not running its run.
// For looking closer (the report is made without them): BENCH_RUNS and BENCH_STREAM_SECONDS shrink
// the load; LOUPE_APP_NODE_ARGS passes flags to the apps (--cpu-prof --cpu-prof-dir=<dir>,
// --trace-gc), BENCH_DUMP=<file> keeps what they printed, BENCH_SAMPLES=<file> the steady samples.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { BenchScenario } from "@/bench/types";
import { percentile, round } from "@/bench/stats";
import { createOwnedApiKey } from "@/lib/auth/test-actor";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { createEmptyDatabase } from "@/lib/db/testing";
import { SseDecoder } from "@/lib/model/sse-decoder";
import { startApp, type AppProcess } from "@/e2e/support/app-process";
import { startMockVllm, tokens } from "@/e2e/mocks/vllm/server";
import { readFixture } from "@/e2e/fixtures";

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const TOKENS_PER_SECOND = 60;
// Each run streams for this long, so that all of them stream at once for a while after the last
// one has started (creating 100 runs with an image each takes several seconds on 2 cores).
const STREAM_SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 30);
const SENTENCE = "Looking closely at the upper left corner of the image where the sign is ";
const THOUGHT = SENTENCE.repeat(Math.ceil((STREAM_SECONDS * TOKENS_PER_SECOND) / tokens(SENTENCE).length));
const SCRIPT = { bench: [{ text: `<think>${THOUGHT}</think>\n<answer>STOP</answer>` }] };
const IMAGE = readFixture("coffee.png");

function ensureBuilt(): void {
  if (fs.existsSync(".next/BUILD_ID")) return;
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

function procStats(pid: number): { cpuSeconds: number; peakRssMiB: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime (fields 14, 15)
  const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return { cpuSeconds: ticks / 100, peakRssMiB: round(Number(hwm ?? 0) / 1024, 1) };
}

async function prepare(target: { url?: string; dataDir: string }): Promise<string> {
  const database = await openDatabase({ url: target.url, dataDir: target.dataDir, poolSize: 1 });
  await database.withSession(async (s) => applyMigrations(s, await readMigrations()));
  const key = await createOwnedApiKey(database.prisma, { slug: "bench", workspaceName: "Bench", name: "bench" });
  await database.close();
  return key;
}

interface Sample {
  chunkAt: number;
  viewerMs: number;
  eventMs: number;
}

async function measure(input: { runner: AppProcess; viewer: AppProcess; key: string; chunks: Map<string, number[]> }) {
  const headers = { authorization: `Bearer ${input.key}` };
  const selfBefore = process.cpuUsage();
  // The load generator's own event-loop delay once every viewer is connected: arrivals it stamps late
  // count as latency, so this bounds how much of the tail is the measurement's.
  const loadLoop = monitorEventLoopDelay({ resolution: 5 });
  const cpuBefore =
    procStats(input.runner.child.pid!).cpuSeconds +
    (input.viewer === input.runner ? 0 : procStats(input.viewer.child.pid!).cpuSeconds);
  const started = performance.now();
  const samples: Sample[] = [];
  // Lost runs, counted by why (the count of lost runs is their sum).
  const lostBecause = new Map<string, number>();
  const lose = (why: string) => lostBecause.set(why, (lostBecause.get(why) ?? 0) + 1);
  let reordered = 0;
  let connected = 0;
  let allConnectedAt = Infinity;
  let firstFinishedAt = Infinity;
  const now = () => performance.now() + performance.timeOrigin;
  // Every run has a viewer (or failed to start): the steady state begins.
  const allConnected = () => {
    allConnectedAt = now();
    loadLoop.enable();
  };
  await Promise.all(
    Array.from({ length: RUNS }, async (_, i) => {
      const tag = `bench-${i}-${Math.random().toString(36).slice(2)}`;
      const created = (await (
        await fetch(`${input.runner.url}/api/v1/conversations`, { method: "POST", headers })
      ).json()) as { id: string };
      const form = new FormData();
      form.set("question", `[[script:bench]] ${tag}`);
      form.set("images", new Blob([IMAGE], { type: "image/png" }), "coffee.png");
      const started = await fetch(`${input.runner.url}/api/v1/conversations/${created.id}/turns`, {
        method: "POST",
        headers,
        body: form,
      });
      const turn = (await started.json()) as { runId: string; error?: { message: string } };
      if (started.status !== 202) {
        // Not started at all: counted as lost, with the app's reason.
        lose(`not started (HTTP ${started.status}): ${turn.error?.message ?? "no reason given"}`);
        if (++connected === RUNS) allConnected();
        return;
      }
      // The viewer reads with node:http and the app's own SSE decoder, keeping only what it
      // measures: a heavier client (fetch, every message kept) delays its own arrival stamps.
      const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get(`${input.viewer.url}/api/v1/runs/${turn.runId}/events`, { headers }, resolve).on("error", reject),
      );
      // Chunks sent before the viewer was connected arrive by replay, not live: not counted.
      const connectedAt = now();
      if (++connected === RUNS) allConnected();
      let visible = 0;
      let lastSeq = 0;
      let lastType = "";
      const arrivals: { at: number; end: number; stamped: number }[] = [];
      const decoder = new SseDecoder();
      for await (const chunk of response)
        for (const m of decoder.push(chunk as Buffer)) {
          if (m.event !== null) continue; // `end`, `error`: not trace events
          const event = JSON.parse(m.data) as { seq: number; type: string; text?: string; at: string };
          if (event.seq <= lastSeq) reordered++;
          lastSeq = event.seq;
          lastType = event.type;
          if (event.type === "thought_delta") {
            visible += event.text!.length;
            arrivals.push({ at: now(), end: visible, stamped: Date.parse(event.at) });
          } else if (event.type === "turn_finished") {
            firstFinishedAt = Math.min(firstFinishedAt, now());
            loadLoop.disable();
          }
        }
      if (lastType !== "turn_finished") {
        // Why: the run's own status and error, so a lost run in the report can be followed up.
        const summary = (await (await fetch(`${input.runner.url}/api/v1/runs/${turn.runId}`, { headers })).json()) as {
          status: string;
          error?: { message: string };
        };
        lose(`${summary.status}${summary.error ? `: ${summary.error.message}` : ""}`);
      }
      // Chunk k of the stream ends at raw offset sum(len(0..k)); "<think>" (7 chars) is not shown.
      const sent = input.chunks.get(tag) ?? [];
      const times = chunkTimes.get(tag) ?? [];
      let k = 0;
      for (const arrival of arrivals) {
        while (k < sent.length && sent[k]! - 7 < arrival.end) k++;
        const chunkAt = times[k];
        if (chunkAt !== undefined && chunkAt >= connectedAt)
          samples.push({ chunkAt, viewerMs: arrival.at - chunkAt, eventMs: arrival.stamped - chunkAt });
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const runnerStats = procStats(input.runner.child.pid!);
  const viewerStats = input.viewer === input.runner ? runnerStats : procStats(input.viewer.child.pid!);
  const cpuAfter = runnerStats.cpuSeconds + (input.viewer === input.runner ? 0 : viewerStats.cpuSeconds);
  const self = process.cpuUsage(selfBefore);
  // The load generator (mock vLLM + 100 SSE clients) shares the machine; near 1 core it delays
  // its own arrival timestamps too.
  const loadCpu = (self.user + self.system) / 1e6 / wall;
  // Steady state: every viewer is connected and every run is streaming. A run's model stream can
  // begin seconds after its viewer connected (the scheduler is still starting runs: claims,
  // images, model requests), so it begins at the later of the two. Before it, the app is still
  // creating and starting runs, which is a different load (the ramp).
  const allStreamingAt = Math.max(...[...chunkTimes.values()].map((times) => times[0] ?? 0));
  const steadyFrom = Math.max(allConnectedAt, allStreamingAt);
  const steady = samples.filter((s) => s.chunkAt >= steadyFrom && s.chunkAt < firstFinishedAt);
  const ramp = samples.filter((s) => s.chunkAt < steadyFrom);
  if (process.env.BENCH_SAMPLES) {
    // For looking at the tail (clustered in time or spread out): the steady samples, and when the
    // app processes started (epoch ms), to line them up with their --trace-gc output.
    const bootAt = Number(/btime (\d+)/.exec(fs.readFileSync("/proc/stat", "utf8"))![1]) * 1000;
    const startedAt = (app: AppProcess) =>
      bootAt + Number(fs.readFileSync(`/proc/${app.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ")[19]) * 10;
    const [runnerStartedAt, viewerStartedAt] = [startedAt(input.runner), startedAt(input.viewer)];
    fs.writeFileSync(
      process.env.BENCH_SAMPLES,
      JSON.stringify({ runnerStartedAt, viewerStartedAt, steadyFrom, steady }),
    );
  }
  return {
    steady,
    ramp,
    steadySeconds: Math.max(0, (firstFinishedAt - steadyFrom) / 1000),
    rampSeconds: (steadyFrom - (started + performance.timeOrigin)) / 1000,
    allConnectedSeconds: (allConnectedAt - (started + performance.timeOrigin)) / 1000,
    allStreamingSeconds: (allStreamingAt - (started + performance.timeOrigin)) / 1000,
    lost: [...lostBecause.values()].reduce((sum, n) => sum + n, 0),
    lostBecause,
    reordered,
    wall,
    cpu: (cpuAfter - cpuBefore) / wall,
    loadCpu,
    loadLoopDelayP99Ms: loadLoop.count > 0 ? loadLoop.percentile(99) / 1e6 : NaN,
    runnerStats,
    viewerStats,
  };
}

const chunkTimes = new Map<string, number[]>();

async function withMock<T>(fn: (url: string, offsets: Map<string, number[]>) => Promise<T>): Promise<T> {
  const offsets = new Map<string, number[]>();
  const tags = new WeakMap<object, string | null>();
  chunkTimes.clear();
  const vllm = await startMockVllm({
    tokensPerSecond: TOKENS_PER_SECOND,
    scripts: SCRIPT,
    onChunk: ({ messages, text, sentAt }) => {
      // Once per request: the messages carry a base64 image, far too big to scan per chunk.
      let tag = tags.get(messages);
      if (tag === undefined) {
        const parts = messages[1]?.content;
        const text = Array.isArray(parts) ? parts.map((p: { text?: string }) => p.text ?? "").join(" ") : String(parts);
        tag = /bench-[\w-]+/.exec(text)?.[0] ?? null;
        tags.set(messages, tag);
      }
      if (!tag) return;
      const list = offsets.get(tag) ?? [];
      list.push((list.at(-1) ?? 0) + text.length);
      offsets.set(tag, list);
      const times = chunkTimes.get(tag) ?? [];
      times.push(sentAt);
      chunkTimes.set(tag, times);
    },
  });
  try {
    return await fn(vllm.url, offsets);
  } finally {
    await vllm.close();
  }
}

function outcome(r: Awaited<ReturnType<typeof measure>>) {
  const viewer = (list: Sample[]) => list.map((s) => s.viewerMs);
  const figures = (list: Sample[], p: number) => round(percentile(viewer(list), p), 2);
  return {
    samplesMs: viewer(r.steady),
    metrics: {
      runs: RUNS,
      p50ChunkToViewerMs: figures(r.steady, 50),
      p99ChunkToViewerMs: figures(r.steady, 99),
      // When the runner stamped the event: how much of the latency is the runner's own.
      p50ChunkToEventMs: round(
        percentile(
          r.steady.map((s) => s.eventMs),
          50,
        ),
        2,
      ),
      p99ChunkToEventMs: round(
        percentile(
          r.steady.map((s) => s.eventMs),
          99,
        ),
        2,
      ),
      steadySamples: r.steady.length,
      steadySeconds: round(r.steadySeconds, 1),
      rampSeconds: round(r.rampSeconds, 1),
      allViewersConnectedSeconds: round(r.allConnectedSeconds, 1),
      allRunsStreamingSeconds: round(r.allStreamingSeconds, 1),
      rampP50ChunkToViewerMs: figures(r.ramp, 50),
      rampP99ChunkToViewerMs: figures(r.ramp, 99),
      appCpuCores: round(r.cpu, 2),
      loadGeneratorCpuCores: round(r.loadCpu, 2),
      loadGeneratorLoopDelayP99Ms: round(r.loadLoopDelayP99Ms, 1),
      runnerPeakRssMiB: r.runnerStats.peakRssMiB,
      ...(r.viewerStats !== r.runnerStats ? { viewerPeakRssMiB: r.viewerStats.peakRssMiB } : {}),
      lostRuns: r.lost,
      ...(r.lost > 0 ? { lostRunsWhy: [...r.lostBecause].map(([why, n]) => `${n}× ${why}`).join("; ") } : {}),
      reorderedEvents: r.reordered,
      wallSeconds: round(r.wall, 1),
    },
  };
}

const BASE_ENV = {
  LOUPE_MAX_RUNNING: String(RUNS),
  LOUPE_MAX_RUNNING_PER_WORKSPACE: String(RUNS),
  LOUPE_LOG_LEVEL: "warn",
  LOUPE_SANDBOX_ENABLED: "false",
};

const oneInstance: BenchScenario = {
  name: "runs/100-concurrent-one-instance",
  description: `${RUNS} runs at once on one embedded (PGlite) instance, ${TOKENS_PER_SECOND} tokens/s each, one SSE viewer per run, each streaming ~${STREAM_SECONDS} s. Samples: ms from a chunk leaving the mock to its thought delta reaching the viewer, while all runs stream at once (after the last one started, before the first one ends); the ramp while runs are still being created is reported apart (ramp*).`,
  target: "p99 ≤ 50 ms; peak RSS ≤ 1 GB; 0 lost or reordered",
  async run() {
    ensureBuilt();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-bench-"));
    try {
      const key = await prepare({ dataDir });
      return await withMock(async (url, offsets) => {
        const app = await startApp({ port: 3190, env: { ...BASE_ENV, LOUPE_DATA_DIR: dataDir, MODEL_BASE_URL: url } });
        try {
          return outcome(await measure({ runner: app, viewer: app, key, chunks: offsets }));
        } finally {
          // With LOUPE_APP_NODE_ARGS="--trace-gc" (say), BENCH_DUMP=<file> keeps what the app printed.
          if (process.env.BENCH_DUMP) fs.writeFileSync(process.env.BENCH_DUMP, app.output());
          await app.stop();
        }
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

const twoInstances: BenchScenario = {
  name: "runs/100-concurrent-viewer-on-second-instance",
  description: `${RUNS} runs at once on instance A (PostgreSQL), each watched over SSE from instance B (LISTEN/NOTIFY). Samples as above.`,
  target: "p99 ≤ 50 ms; 0 lost or reordered",
  async run() {
    ensureBuilt();
    const target = await createEmptyDatabase("postgres");
    const dirB = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-bench-b-"));
    try {
      const key = await prepare(target);
      return await withMock(async (url, offsets) => {
        const env = {
          ...BASE_ENV,
          DATABASE_URL: target.url,
          MODEL_BASE_URL: url,
          LOUPE_SECRET: "bench-secret-bench-secret-bench-secret",
        };
        const a = await startApp({ port: 3191, env: { ...env, LOUPE_DATA_DIR: target.dataDir } });
        // B only serves viewers (LOUPE_MAX_RUNNING=0): every run executes on A.
        const b = await startApp({ port: 3192, env: { ...env, LOUPE_DATA_DIR: dirB, LOUPE_MAX_RUNNING: "0" } });
        try {
          return outcome(await measure({ runner: a, viewer: b, key, chunks: offsets }));
        } finally {
          if (process.env.BENCH_DUMP) {
            fs.writeFileSync(`${process.env.BENCH_DUMP}.a`, a.output());
            fs.writeFileSync(`${process.env.BENCH_DUMP}.b`, b.output());
          }
          await Promise.all([a.stop(), b.stop()]);
        }
      });
    } finally {
      await target.drop();
      fs.rmSync(dirB, { recursive: true, force: true });
    }
  },
};

export const scenarios: BenchScenario[] = [oneInstance, twoInstances];
