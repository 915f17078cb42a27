// A database outage (PostgreSQL behind a TCP proxy the test cuts) must not turn into empty 500s,
// error pages or a trace stuck mid-step: every route answers 503 with the usual sentence while the
// database is away, and a run caught in the middle of a code cell ends with its steps closed once
// it is back.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { createEmptyDatabase } from "@/lib/db/testing";
import { reduceTrace, type TraceEvent } from "@/lib/trace";
import { fixture, readSse, traceEvents } from "../support/api";
import { startApp, type AppProcess } from "../support/app-process";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { successReply } from "../mocks/jupyter-sandbox/server";
import { startMockVllm, type MockVllm } from "../mocks/vllm/server";

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  },
});

const SENTENCE = "The database is not answering right now. Nothing was changed; try again in a moment.";
const MODEL_CODE = "print(image_1.size)";
const SCRIPTS = {
  "slow-cell": [
    { text: `<think>Measure it.</think>\n<code>\n\`\`\`python\n${MODEL_CODE}\n\`\`\`\n</code>` },
    { text: "<think>Done.</think>\n<answer>A rocket</answer>" },
  ],
};

/** A jupyter_sandbox that holds the model's cell until the test lets it answer (Loupe's own setup cells pass). */
async function startHeldSandbox() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let cells = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const reply = (payload: unknown) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (req.url === "/clear_session") return reply({ status: "success" });
      if (!(JSON.parse(body) as { code: string }).code.includes(MODEL_CODE)) return reply(successReply({}));
      cells++;
      void released.then(() => reply(successReply({ stdout: "(640, 480)\n" })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cells: () => cells,
    release,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let db: Awaited<ReturnType<typeof createEmptyDatabase>>;
let proxy: TcpProxy;
let vllm: MockVllm;
let sandbox: Awaited<ReturnType<typeof startHeldSandbox>>;
let app: AppProcess;
let cookie = "";

test.beforeAll(async () => {
  db = await createEmptyDatabase("postgres");
  const database = await openDatabase({ url: db.url, dataDir: db.dataDir, poolSize: 1 });
  await database.withSession(async (s) => applyMigrations(s, await readMigrations()));
  await database.close();
  const upstream = new URL(db.url!);
  proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
  const viaProxy = new URL(db.url!);
  viaProxy.port = String(proxy.port);
  vllm = await startMockVllm({ scripts: SCRIPTS });
  sandbox = await startHeldSandbox();
  app = await startApp({
    port: 3185,
    env: {
      DATABASE_URL: viaProxy.toString(),
      LOUPE_DATA_DIR: db.dataDir,
      MODEL_BASE_URL: vllm.url,
      SANDBOX_KIND: "jupyter_sandbox",
      SANDBOX_URL: sandbox.url,
      LOUPE_SECRET: "outage-test-secret-outage-test-secret",
      LOUPE_RUN_STALE_SECONDS: "600",
      LOUPE_LOG_LEVEL: "warn",
    },
  });
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("app output", { body: app.output() });
    fs.writeFileSync("/tmp/outage-app.log", app.output());
  }
});

test.afterAll(async () => {
  await app?.stop();
  await Promise.all([vllm?.close(), sandbox?.close(), proxy?.close()]);
  await db?.drop();
});

function cookiesFor(url: string, header: string) {
  return header.split("; ").map((pair) => {
    const at = pair.indexOf("=");
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url };
  });
}

/** As the signed-in person (the session cookie, and the Origin that state-changing requests need). */
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${app.url}${path}`, { ...init, headers: { cookie, origin: app.url, ...init.headers } });

async function expectUnavailable(response: Response): Promise<void> {
  expect(response.status, response.url).toBe(503);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  expect(await response.json()).toEqual({ error: { code: "unavailable:database", message: SENTENCE } });
}

test("while the database is away every route says so with a 503, and the run caught in a code cell ends closed", async ({
  page,
  context,
}) => {
  // A signed-in person, to reach the routes and pages that read the session.
  const signUp = await fetch(`${app.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url },
    body: JSON.stringify({ email: "ada@loupe.test", name: "Ada", password: "a long enough password" }),
  });
  expect(signUp.status).toBe(200);
  cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie).toContain("session_token");
  const conversation = (await (await api("/api/v1/conversations", { method: "POST" })).json()) as { id: string };
  const form = new FormData();
  form.set("question", "How big is it? [[script:slow-cell]]");
  form.set("images", new Blob([new Uint8Array(fixture("rocket.jpg"))], { type: "image/jpeg" }), "rocket.jpg");
  const asked = await api(`/api/v1/conversations/${conversation.id}/turns`, { method: "POST", body: form });
  expect(asked.status).toBe(202);
  const { runId } = (await asked.json()) as { runId: string };
  // The model asked for code and the cell is running in the sandbox: now the database goes away.
  await expect.poll(() => sandbox.cells()).toBe(1);
  proxy.cut();

  await expectUnavailable(await api(`/api/v1/runs/${runId}`));
  await expectUnavailable(await api(`/api/v1/runs/${runId}/events`));
  await expectUnavailable(await api(`/api/v1/conversations/${conversation.id}`));
  await expectUnavailable(await api("/api/v1/conversations"));
  await expectUnavailable(
    await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ email: "someone@example.com", password: "a long password" }),
    }),
  );
  await expectUnavailable(await fetch(`${app.url}/api/auth/get-session`, { headers: { cookie } }));

  // The sign-in page still renders, saying why signing in cannot work right now.
  const signIn = await fetch(`${app.url}/sign-in`);
  expect(signIn.headers.get("content-type")).toMatch(/text\/html/);
  const signInHtml = await signIn.text();
  expect(signInHtml).toContain(SENTENCE);
  expect(signInHtml).toContain('data-testid="database-unavailable"');
  // Other pages, signed in or not, show the same sentence in the browser instead of a bare error
  // page (Next.js renders error pages in the browser; the answer is a 5xx, never a 200).
  const pages: [string, boolean][] = [
    ["/", false],
    ["/", true],
    [`/c/${conversation.id}`, true],
    ["/settings", true],
  ];
  for (const [path, signedIn] of pages) {
    await context.clearCookies();
    if (signedIn) await context.addCookies(cookiesFor(app.url, cookie));
    const response = await page.goto(`${app.url}${path}`);
    expect(response!.status(), path).toBeGreaterThanOrEqual(500);
    await expect(page.getByTestId("database-unavailable"), path).toContainText(SENTENCE);
  }

  // The cell finishes while the database is still away; then it comes back.
  sandbox.release();
  // The run stops, and cannot record how it ended until the database is back (it says so in the log).
  await expect
    .poll(() => app.output(), { timeout: 30_000 })
    .toContain(`run ${runId}: could not record its final status`);
  proxy.restore();

  await expect
    .poll(async () => ((await (await api(`/api/v1/runs/${runId}`)).json()) as { status: string }).status, {
      timeout: 60_000,
    })
    .toBe("failed");
  const run = (await (await api(`/api/v1/runs/${runId}`)).json()) as { error?: { code: string; message: string } };
  expect(run.error?.message).toMatch(/database/i);
  const events = traceEvents(await readSse(await api(`/api/v1/runs/${runId}/events`))) as unknown as TraceEvent[];
  expect(events[0]?.type).toBe("turn_started");
  expect(events.at(-1)).toMatchObject({ type: "turn_finished", status: "failed" });
  const seqs = events.map((e) => e.seq);
  expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
  const turn = reduceTrace(events).turns.at(-1)!;
  expect(turn.status).toBe("failed");
  const code = turn.steps.filter((s) => s.kind === "code");
  expect(code.length).toBe(1);
  expect(code.map((s) => s.status)).not.toContain("running");
  expect(turn.steps.filter((s) => "status" in s && s.status === "running")).toEqual([]);
  expect(turn.steps.some((s) => s.kind === "error" && /database/i.test(s.message))).toBe(true);
});
