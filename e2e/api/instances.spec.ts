// Several real app processes: a run started on one instance is watched live from another (LISTEN/
// NOTIFY), images are served by every instance without a shared data directory (from the database
// or an S3 bucket), a SIGKILLed
// instance's runs end up interrupted, and a database outage fails a run cleanly.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createOwnedApiKey } from "@/lib/auth/test-actor";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { createEmptyDatabase } from "@/lib/db/testing";
import { fixture, readSse, traceEvents } from "../support/api";
import { startApp, type AppProcess } from "../support/app-process";
import { startTcpProxy } from "../support/tcp-proxy";
import { startMockVllm, type MockVllm } from "../mocks/vllm/server";
import { startFakeS3 } from "../mocks/s3/server";

test.describe.configure({ mode: "serial", timeout: 180_000 });

let vllm: MockVllm;
// A code-free trajectory (these instances run without the sandbox) long enough to interrupt.
const LONG = {
  long: [
    {
      text: `<think>${"I look at the rocket and the tower beside it. ".repeat(12)}</think>\n<answer>A rocket</answer>`,
    },
  ],
};
test.beforeAll(async () => {
  vllm = await startMockVllm({ tokensPerSecond: 40, scripts: LONG });
});
test.afterAll(async () => {
  await vllm?.close();
});

async function prepare(target: { url?: string; dataDir: string }): Promise<string> {
  const database = await openDatabase({ url: target.url, dataDir: target.dataDir, poolSize: 1 });
  await database.withSession(async (s) => applyMigrations(s, await readMigrations()));
  const key = await createOwnedApiKey(database.prisma, {
    slug: "default",
    workspaceName: "Default",
    name: "instances",
  });
  await database.close();
  return key;
}

function client(app: AppProcess, key: string) {
  const headers = { authorization: `Bearer ${key}` };
  return {
    async ask(question: string): Promise<{ conversationId: string; runId: string }> {
      const c = (await (await fetch(`${app.url}/api/v1/conversations`, { method: "POST", headers })).json()) as {
        id: string;
      };
      const form = new FormData();
      form.set("question", question);
      form.set("images", new Blob([new Uint8Array(fixture("rocket.jpg"))], { type: "image/jpeg" }), "rocket.jpg");
      const res = await fetch(`${app.url}/api/v1/conversations/${c.id}/turns`, { method: "POST", headers, body: form });
      expect(res.status).toBe(202);
      return { conversationId: c.id, ...((await res.json()) as { runId: string }) };
    },
    async run(runId: string) {
      return (await (await fetch(`${app.url}/api/v1/runs/${runId}`, { headers })).json()) as {
        status: string;
        answer?: string;
        error?: { message: string };
      };
    },
    events: (runId: string) => fetch(`${app.url}/api/v1/runs/${runId}/events`, { headers }),
    get: (p: string) => fetch(`${app.url}${p}`, { headers }),
  };
}

const appEnv = (extra: Record<string, string | undefined>) => ({
  MODEL_BASE_URL: vllm.url,
  LOUPE_SANDBOX_ENABLED: "false",
  LOUPE_SECRET: "instances-test-secret-instances-test-secret",
  LOUPE_RUN_STALE_SECONDS: "3",
  LOUPE_LOG_LEVEL: "warn",
  ...extra,
});

test("a run on instance A is watched live from instance B, and B serves its images", async () => {
  const db = await createEmptyDatabase("postgres");
  const dirB = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-b-"));
  const key = await prepare(db);
  const a = await startApp({ port: 3161, env: appEnv({ DATABASE_URL: db.url, LOUPE_DATA_DIR: db.dataDir }) });
  // B cannot start runs itself (no room), so the run is certainly A's.
  const b = await startApp({
    port: 3162,
    env: appEnv({
      DATABASE_URL: db.url,
      LOUPE_DATA_DIR: dirB,
      LOUPE_MAX_RUNNING: "1",
      LOUPE_MAX_RUNNING_PER_WORKSPACE: "4",
    }),
  });
  try {
    const { conversationId, runId } = await client(a, key).ask("Describe it [[script:long]]");
    const messages = await readSse(await client(b, key).events(runId));
    const events = traceEvents(messages);
    expect(events[0]?.type).toBe("turn_started");
    expect(events.at(-1)?.type).toBe("turn_finished");
    const seqs = events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(JSON.parse(messages.at(-1)!.data)).toMatchObject({ status: "completed" });
    expect((await client(b, key).run(runId)).status).toBe("completed");
    // The input image was stored by A; B, with its own empty data directory, serves it.
    const exported = (await (await client(b, key).get(`/api/v1/conversations/${conversationId}`)).json()) as {
      turns: { images: { key: string }[] }[];
    };
    const image = await client(b, key).get(`/api/blobs/${exported.turns[0]!.images[0]!.key}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await db.drop();
    fs.rmSync(dirB, { recursive: true, force: true });
  }
});

test("with S3_* set, images live in the bucket: every instance serves them, and the database holds no bytes", async () => {
  const db = await createEmptyDatabase("postgres");
  const s3 = await startFakeS3();
  const dirB = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-b-"));
  const key = await prepare(db);
  const a = await startApp({
    port: 3166,
    env: appEnv({ DATABASE_URL: db.url, LOUPE_DATA_DIR: db.dataDir, ...s3.env }),
  });
  const b = await startApp({ port: 3167, env: appEnv({ DATABASE_URL: db.url, LOUPE_DATA_DIR: dirB, ...s3.env }) });
  try {
    const { conversationId, runId } = await client(a, key).ask("Describe it [[script:long]]");
    // A ran the turn, reading the image it sends to the model back from the bucket.
    const events = traceEvents(await readSse(await client(a, key).events(runId)));
    expect(events.at(-1)).toMatchObject({ type: "turn_finished", status: "completed" });
    const exported = (await (await client(b, key).get(`/api/v1/conversations/${conversationId}`)).json()) as {
      turns: { images: { key: string }[] }[];
    };
    const imageKey = exported.turns[0]!.images[0]!.key;
    expect([...s3.objects.keys()]).toContain(`loupe/blobs/${imageKey}`);
    const image = await client(b, key).get(`/api/blobs/${imageKey}`);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(s3.objects.get(`loupe/blobs/${imageKey}`)!.data)).toBe(true);
    const database = await openDatabase({ url: db.url, dataDir: db.dataDir, poolSize: 1 });
    try {
      const row = await database.prisma.blob.findUnique({ where: { key: imageKey }, select: { data: true } });
      expect(row).not.toBeNull();
      expect(row!.data).toBeNull();
    } finally {
      await database.close();
    }
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await s3.close();
    await db.drop();
    fs.rmSync(dirB, { recursive: true, force: true });
  }
});

test("an instance killed with SIGKILL mid-run leaves the run interrupted, and nothing else lost", async () => {
  const db = await createEmptyDatabase("postgres");
  const key = await prepare(db);
  const env = appEnv({ DATABASE_URL: db.url, LOUPE_DATA_DIR: db.dataDir });
  let a = await startApp({ port: 3163, env });
  try {
    const done = await client(a, key).ask("Before the crash [[script:answer]]");
    await expect.poll(async () => (await client(a, key).run(done.runId)).status).toBe("completed");
    const before = await (await client(a, key).get(`/api/v1/conversations/${done.conversationId}`)).text();
    const { runId } = await client(a, key).ask("Think forever [[script:hang]]");
    await readSse(
      await client(a, key).events(runId),
      (m) => m.event === "message" && m.data.includes('"model_call_started"'),
    );
    await a.stop("SIGKILL");
    a = await startApp({ port: 3163, env });
    await expect.poll(async () => (await client(a, key).run(runId)).status, { timeout: 30_000 }).toBe("interrupted");
    expect((await client(a, key).run(runId)).error?.message).toMatch(/interrupted/);
    const events = traceEvents(await readSse(await client(a, key).events(runId)));
    expect(events[0]?.type).toBe("turn_started");
    expect(events.at(-1)?.type).toBe("turn_finished");
    expect(await (await client(a, key).get(`/api/v1/conversations/${done.conversationId}`)).text()).toBe(before);
  } finally {
    await a.stop();
    await db.drop();
  }
});

test("the embedded database: after SIGKILL the next start takes over the directory and interrupts the run", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-embedded-"));
  const key = await prepare({ dataDir });
  let a = await startApp({ port: 3164, env: appEnv({ LOUPE_DATA_DIR: dataDir }) });
  try {
    const { runId } = await client(a, key).ask("Think forever [[script:hang]]");
    await expect.poll(async () => (await client(a, key).run(runId)).status).toBe("running");
    await a.stop("SIGKILL");
    a = await startApp({ port: 3164, env: appEnv({ LOUPE_DATA_DIR: dataDir }) });
    expect((await client(a, key).run(runId)).status).toBe("interrupted");
    const second = await startApp({ port: 3165, env: appEnv({ LOUPE_DATA_DIR: dataDir }) }).catch((e: Error) => e);
    expect(second).toBeInstanceOf(Error);
    expect((second as Error).message).toMatch(/in use by another Loupe process \(pid \d+\)/);
  } finally {
    await a.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a database outage mid-run fails the run cleanly, with every stored step whole", async () => {
  const db = await createEmptyDatabase("postgres");
  const key = await prepare(db);
  const upstream = new URL(db.url!);
  const proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
  const viaProxy = new URL(db.url!);
  viaProxy.port = String(proxy.port);
  const slow = await startMockVllm({ tokensPerSecond: 20, scripts: LONG });
  const a = await startApp({
    port: 3166,
    env: appEnv({
      DATABASE_URL: viaProxy.toString(),
      LOUPE_DATA_DIR: db.dataDir,
      MODEL_BASE_URL: slow.url,
      LOUPE_RUN_STALE_SECONDS: "600",
    }),
  });
  try {
    const { runId } = await client(a, key).ask("Describe it [[script:long]]");
    await expect.poll(async () => (await client(a, key).run(runId)).status).toBe("running");
    await new Promise((r) => setTimeout(r, 1_500));
    proxy.cut();
    const during = await client(a, key).get(`/api/v1/runs/${runId}`);
    expect(during.status).toBe(503);
    expect(((await during.json()) as { error: { code: string } }).error.code).toBe("unavailable:database");
    await new Promise((r) => setTimeout(r, 2_000));
    proxy.restore();
    await expect.poll(async () => (await client(a, key).run(runId)).status, { timeout: 60_000 }).toBe("failed");
    expect((await client(a, key).run(runId)).error?.message).toMatch(/database/i);
    const events = traceEvents(await readSse(await client(a, key).events(runId)));
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(events[0]?.type).toBe("turn_started");
  } finally {
    await a.stop();
    await slow.close();
    await proxy.close();
    await db.drop();
  }
});
