// Oversized request bodies against the built app: 20 clients at once each send 1 GiB chunked (no
// Content-Length), generated as the socket takes it, and stop when the app answers. The app's RSS
// must stay near idle, because every route counts bytes as they arrive and stops at its limit
// (lib/http/body.ts). Once at routes anyone can reach (sign-in, sign-up, password reset) and an
// ordinary JSON route; once at the turn route, where each upload's image is written to disk up to
// the per-image limit (lib/runs/upload-spool.ts) and none of it is held in memory.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchScenario } from "@/bench/types";
import { percentile, round } from "@/bench/stats";
import { startApp, type AppProcess } from "@/e2e/support/app-process";
import { postEndlessBody, type EndlessBodyAnswer } from "@/e2e/support/endless-body";

const CLIENTS = 20;
const PORT = 3193;
const MiB = 1024 * 1024;

interface Attack {
  path: string;
  headers: Record<string, string>;
  prefix: string;
}

function rssMiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb ?? 0) / 1024;
}

async function idleRssMiB(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    samples.push(rssMiB(pid, "VmRSS"));
    await new Promise((r) => setTimeout(r, 200));
  }
  return percentile(samples, 50);
}

// The first account to sign up is the instance's admin; its API key acts for it.
async function signUpWithKey(app: AppProcess): Promise<string> {
  const origin = { origin: app.url, "content-type": "application/json" };
  const signedUp = await fetch(`${app.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: origin,
    body: JSON.stringify({ email: "bench@bench.test", name: "Bench", password: "correct horse battery staple" }),
  });
  if (!signedUp.ok) throw new Error(`sign-up failed: ${signedUp.status} ${await signedUp.text()}`);
  const cookie = signedUp.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const created = await fetch(`${app.url}/api/workspaces/current/api-keys`, {
    method: "POST",
    headers: { ...origin, cookie },
    body: JSON.stringify({ name: "bench" }),
  });
  if (created.status !== 201) throw new Error(`creating a key failed: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { key: string }).key;
}

async function withApp<T>(fn: (app: AppProcess, key: string, dataDir: string) => Promise<T>): Promise<T> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("There is no build: run `npx next build` first.");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-bench-bodies-"));
  try {
    const app = await startApp({
      port: PORT,
      env: { LOUPE_DATA_DIR: dataDir, LOUPE_LOG_LEVEL: "warn", LOUPE_SANDBOX_ENABLED: "false" },
    });
    try {
      return await fn(app, await signUpWithKey(app), dataDir);
    } finally {
      await app.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(rounds: number, attacks: (app: AppProcess, key: string) => Promise<Attack[]>) {
  return withApp(async (app, key, dataDir) => {
    const pid = app.child.pid!;
    const targets = await attacks(app, key);
    // Every route is loaded and has answered once, so idle includes the code the attack runs.
    for (const target of targets) {
      await postEndlessBody({ url: `${app.url}${target.path}`, ...target, totalBytes: 64 * MiB });
    }
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await idleRssMiB(pid);
    let peak = idle;
    const samples: number[] = [];
    const answers: EndlessBodyAnswer[] = [];
    for (let round = 0; round < rounds; round++) {
      // Resets VmHWM to the current RSS (Linux), so the peak read after is this round's.
      fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, i) => {
          const target = targets[i % targets.length]!;
          const started = performance.now();
          answers.push(await postEndlessBody({ url: `${app.url}${target.path}`, ...target }));
          samples.push(performance.now() - started);
        }),
      );
      peak = Math.max(peak, rssMiB(pid, "VmHWM"));
    }
    const health = await fetch(`${app.url}/api/health`);
    const spool = path.join(dataDir, "uploads");
    const sent = answers.map((a) => a.sentBytes / MiB);
    return {
      samplesMs: samples,
      metrics: {
        clients: CLIENTS,
        rounds,
        idleRssMiB: round(idle, 1),
        peakRssMiB: round(peak, 1),
        peakAboveIdleMiB: round(peak - idle, 1),
        answered413: answers.filter((a) => a.status === 413).length,
        otherAnswers: answers.filter((a) => a.status !== 413).length,
        ...(answers.some((a) => a.status !== 413)
          ? { otherAnswersWere: [...new Set(answers.filter((a) => a.status !== 413).map((a) => a.body))].join(" / ") }
          : {}),
        p50SentBeforeAnswerMiB: round(percentile(sent, 50), 1),
        maxSentBeforeAnswerMiB: round(Math.max(...sent), 1),
        healthAfter: health.status,
        uploadDirsLeft: fs.existsSync(spool) ? fs.readdirSync(spool).length : 0,
      },
    };
  });
}

const json = { "content-type": "application/json" };

export const scenarios: BenchScenario[] = [
  {
    name: "bodies/20-oversized-concurrent",
    description: `${CLIENTS} clients at once each POST 1 GiB chunked (no Content-Length) to sign-in, sign-up, password reset or an ordinary JSON route (creating a conversation), on one embedded instance. Samples: ms from the first byte sent to the 413; peak is the process's VmHWM during the attack.`,
    target: "peak RSS ≤ idle + 100 MB; every answer a 413",
    async run({ iterations }) {
      return measure(iterations >= 30 ? 3 : 1, (app, key) =>
        Promise.resolve([
          ...[
            "/api/auth/sign-in/email",
            "/api/auth/sign-up/email",
            "/api/auth/request-password-reset",
            "/api/auth/reset-password",
          ].map((p) => ({
            path: p,
            headers: { ...json, origin: app.url },
            prefix: '{"email":"a@bench.test","password":"',
          })),
          { path: "/api/v1/conversations", headers: { ...json, authorization: `Bearer ${key}` }, prefix: '{"title":"' },
        ]),
      );
    },
  },
  {
    name: "bodies/20-oversized-turn-uploads",
    description: `${CLIENTS} clients at once each upload an endless image (multipart, chunked) with a question, to conversations of their own. Each image is written to disk under the data directory up to the per-image limit (25 MB) and refused there; only an accepted form is read back, within the process's 64 MB upload budget. uploadDirsLeft counts the request directories still on disk afterwards.`,
    target: "peak RSS ≤ idle + 100 MB; every answer a 413; no upload left on disk",
    async run({ iterations }) {
      return measure(iterations >= 30 ? 3 : 1, async (app, key) => {
        const boundary = "----loupe-bench";
        const headers = { authorization: `Bearer ${key}` };
        return Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            const created = await fetch(`${app.url}/api/v1/conversations`, { method: "POST", headers });
            const { id } = (await created.json()) as { id: string };
            return {
              path: `/api/v1/conversations/${id}/turns`,
              headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` },
              prefix:
                `--${boundary}\r\nContent-Disposition: form-data; name="question"\r\n\r\nWhat is this?\r\n` +
                `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="endless.png"\r\nContent-Type: image/png\r\n\r\n`,
            };
          }),
        );
      });
    },
  },
];
