// SSRF through workspace settings (issue 15, item 3). Any user owns a personal workspace and may set
// its model URL, SearXNG URL and sandbox URL. On an app started without LOUPE_ALLOW_PRIVATE_ENDPOINTS,
// a user (not the instance admin) who points them at an "internal" service on 127.0.0.1 is refused
// on save, on the connection test and at run time, with one sentence that does not depend on what
// listens there, and the internal service never receives a connection.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { INTERNAL_SECRET, startInternalListener, type InternalListener } from "@/lib/net/test-listener";
import { startMockVllm, type MockVllm } from "../mocks/vllm/server";
import { fixture } from "../support/api";
import { startApp, type AppProcess } from "../support/app-process";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const PASSWORD = "correct horse battery staple";
const REFUSED =
  /^127\.0\.0\.1 is a private address \(loopback\), and a workspace's settings may not point into the server's own network\. Use a public address, or ask the instance admin to allow 127\.0\.0\.1 \(under Model & tools in Settings, or with LOUPE_ALLOW_PRIVATE_ENDPOINTS on the server\)\.$/;

let app: AppProcess;
let dataDir: string;
let internal: InternalListener;
let vllm: MockVllm;
let admin: APIRequestContext;
let ada: APIRequestContext;

async function signUp(email: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: app.url, extraHTTPHeaders: { origin: app.url } });
  const res = await api.post("/api/auth/sign-up/email", {
    data: { email, name: email.split("@")[0], password: PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

const allow = async (entries: string[]) => {
  const res = await admin.put("/api/workspaces/instance", { data: { allowPrivateEndpoints: entries } });
  expect(res.status(), await res.text()).toBe(200);
};

const save = (settings: Record<string, unknown>) =>
  ada.patch("/api/workspaces/current/settings", { data: { settings } });

/** Ask a question in Ada's workspace and wait for the run to end; returns the run and its trace text. */
async function ask(question: string) {
  const created = await ada.post("/api/v1/conversations", { data: {} });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const turn = await ada.post(`/api/v1/conversations/${id}/turns`, {
    multipart: { question, images: { name: "coffee.png", mimeType: "image/png", buffer: fixture("coffee.png") } },
  });
  expect(turn.status(), await turn.text()).toBe(202);
  const { runId } = (await turn.json()) as { runId: string };
  let run: { status: string; error?: { code: string; message: string } } = { status: "queued" };
  await expect
    .poll(
      async () => {
        run = (await (await ada.get(`/api/v1/runs/${runId}`)).json()) as typeof run;
        return run.status;
      },
      { timeout: 60_000 },
    )
    .not.toMatch(/^(queued|running)$/);
  const trace = await (await ada.get(`/api/v1/runs/${runId}/events`)).text();
  return { run, trace };
}

test.beforeAll(async () => {
  internal = await startInternalListener();
  vllm = await startMockVllm();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-ssrf-"));
  app = await startApp({
    port: 3172,
    env: {
      LOUPE_DATA_DIR: dataDir,
      MODEL_BASE_URL: vllm.url,
      // The server's own settings are trusted; this one answers nothing, and nothing here uses it.
      SANDBOX_KIND: "jupyter_sandbox",
      SANDBOX_URL: "http://127.0.0.1:9",
      LOUPE_ALLOW_PRIVATE_ENDPOINTS: undefined,
      PUBLIC_BASE_URL: undefined,
      LOUPE_LOG_LEVEL: "warn",
    },
  });
  admin = await signUp("root@loupe.test"); // the first account is the instance admin
  expect((await admin.put("/api/workspaces/instance", { data: { signupMode: "open" } })).status()).toBe(200);
  ada = await signUp("ada@loupe.test");
});

test.afterAll(async () => {
  await Promise.all([admin?.dispose(), ada?.dispose()]);
  await app?.stop();
  await Promise.all([internal?.close(), vllm?.close()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a user cannot save a model, SearXNG or sandbox URL on 127.0.0.1, listening or not", async () => {
  const bodies: unknown[] = [];
  for (const port of [internal.port, 9]) {
    for (const settings of [
      { model: { baseUrl: `http://127.0.0.1:${port}/v1` } },
      { search: { searxngUrl: `http://127.0.0.1:${port}` } },
      { sandbox: { kind: "jupyter", url: `http://127.0.0.1:${port}` } },
    ]) {
      const res = await save(settings);
      expect(res.status()).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("forbidden:endpoint");
      expect(body.error.message).toMatch(REFUSED);
      bodies.push(body);
    }
  }
  // Same status and sentence whether something listens there or not: no port-scan oracle.
  expect(bodies.slice(0, 3)).toEqual(bodies.slice(3));
  expect((await (await ada.get("/api/workspaces/current/settings")).json()).settings).toEqual({});
  expect(internal.connections).toBe(0);
});

test("the connection test refuses stored private URLs without connecting", async () => {
  // Stored while the instance admin allowed 127.0.0.1, then the allowance was withdrawn.
  await allow(["127.0.0.1"]);
  const saved = await save({
    model: { baseUrl: `${internal.url}/v1` },
    search: { textProvider: "searxng", searxngUrl: internal.url },
    sandbox: { kind: "jupyter_sandbox", url: internal.url },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  await allow([]);
  for (const target of ["model", "search", "sandbox"]) {
    const res = await ada.post("/api/workspaces/current/settings/test", { data: { target } });
    expect(res.status()).toBe(200);
    const result = (await res.json()) as { ok: boolean; source: string; message: string };
    expect(result).toMatchObject({ ok: false, source: "workspace" });
    expect(result.message).toMatch(REFUSED);
  }
  expect(internal.connections).toBe(0);
});

test("a run refuses the stored private model server before connecting", async () => {
  const { run, trace } = await ask("What is this? [[script:answer]]");
  expect(run.status).toBe("failed");
  expect(run.error?.code).toBe("forbidden:endpoint");
  expect(run.error?.message).toMatch(REFUSED);
  expect(trace).not.toContain(INTERNAL_SECRET);
  expect(internal.connections).toBe(0);
});

test("a run's web search refuses the stored private SearXNG URL; the trace shows the sentence, not the body", async () => {
  expect((await save({ model: {} })).status()).toBe(200); // back to the server's own (trusted) model
  const { run, trace } = await ask("Two things? [[script:list-query]]");
  expect(run.status).toBe("completed");
  expect(trace).toMatch(/127\.0\.0\.1 is a private address \(loopback\)/);
  expect(trace).not.toContain(INTERNAL_SECRET);
  expect(internal.connections).toBe(0);
});

test("a run's code cell refuses the stored private sandbox URL", async () => {
  const { run, trace } = await ask("What does the sign say? [[script:crop-and-answer]]");
  expect(run.status).toBe("failed");
  expect(run.error).toMatchObject({ code: "run:sandbox_unavailable", message: expect.stringMatching(REFUSED) });
  expect(trace).not.toContain(INTERNAL_SECRET);
  expect(internal.connections).toBe(0);
});

test("only the instance admin may allow private addresses, and a bad entry gets a sentence", async () => {
  const byUser = await ada.put("/api/workspaces/instance", { data: { allowPrivateEndpoints: ["127.0.0.1"] } });
  expect(byUser.status()).toBe(403);
  const bad = await admin.put("/api/workspaces/instance", { data: { allowPrivateEndpoints: ["http://gpu-box:8000"] } });
  expect(bad.status()).toBe(422);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
    "is neither a host name nor an address range",
  );
  expect(await (await admin.get("/api/workspaces/instance")).json()).toMatchObject({ allowPrivateEndpoints: [] });
});

test("what the instance admin allows in Settings is reached", async () => {
  await allow(["127.0.0.1"]);
  const res = await ada.post("/api/workspaces/current/settings/test", { data: { target: "search" } });
  const result = (await res.json()) as { ok: boolean; message: string };
  expect(result.message).not.toMatch(REFUSED);
  expect(internal.connections).toBeGreaterThan(0);
});
