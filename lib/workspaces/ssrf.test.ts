// SSRF through workspace settings (issue 15, item 3): any user owns a personal workspace and may set
// its model URL, SearXNG URL and sandbox URL. Pointed at the server's own network they are refused
// on save, on the connection test and at run time, and the internal listener is never connected to.
// What the instance admin allows (LOUPE_ALLOW_PRIVATE_ENDPOINTS, the instance setting) is reached.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DatabaseBlobStore } from "@/lib/blobs/database";
import { createBlobService } from "@/lib/blobs/service";
import { setAllowedPrivateEndpoints } from "@/lib/db/instance-settings";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { writeSettingsJson } from "@/lib/db/workspace-settings";
import { ensureWorkspace } from "@/lib/db/workspaces";
import { parseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { INTERNAL_SECRET, startInternalListener, type InternalListener } from "@/lib/net/test-listener";
import { createRuntime, type Runtime } from "@/lib/runs/runtime";
import { startFakeProvider, type FakeProvider } from "@/e2e/mocks/search";
import { startMockVllm, type MockVllm } from "@/e2e/mocks/vllm/server";
import { testConnection } from "./connection-test";
import { getSettingsView, updateSettings } from "./settings-store";

const REFUSED =
  /is a private address \(loopback.*\), and a workspace's settings may not point into the server's own network\. .*LOUPE_ALLOW_PRIVATE_ENDPOINTS/;

describe.each(DATABASE_KINDS)("SSRF through workspace settings on %s", (kind) => {
  const key = randomBytes(32);
  let db: TestDatabase;
  let internal: InternalListener;
  let vllm: MockVllm;
  let searxng: FakeProvider;
  let runtime: Runtime;
  let workspace: string;
  const env = (allow?: string) =>
    parseEnv({
      LOUPE_DATA_DIR: db.target.dataDir,
      SANDBOX_POOL_SIZE: "0",
      ...(allow ? { LOUPE_ALLOW_PRIVATE_ENDPOINTS: allow } : {}),
    });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    internal = await startInternalListener();
    vllm = await startMockVllm({ modelName: "lan-model" });
    searxng = await startFakeProvider("searxng");
    runtime = await createRuntime({
      database: db,
      blobs: createBlobService({ db: db.prisma, store: new DatabaseBlobStore(db) }),
      env: env(),
    });
    workspace = (await ensureWorkspace(db.prisma, { slug: "ada", name: "Ada (personal)" })).id;
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await Promise.all([internal?.close(), vllm?.close(), searxng?.close()]);
    await db?.dispose();
  });

  beforeEach(async () => {
    await setAllowedPrivateEndpoints(db.prisma, []);
    await writeSettingsJson(db.prisma, { workspaceId: workspace, settings: {} });
  });

  /** Settings stored without the save-time check (an older version, a revoked allowance). */
  const store = (settings: Record<string, unknown>) =>
    writeSettingsJson(db.prisma, { workspaceId: workspace, settings: settings as never });

  const save = (settings: Parameters<typeof updateSettings>[1]["update"]["settings"], allow = "") =>
    updateSettings(db.prisma, {
      workspaceId: workspace,
      actorId: null,
      key,
      update: { settings },
      policy: { allow: allow ? [allow] : [] },
    });

  it.each([
    ["the model URL", { model: { baseUrl: "http://127.0.0.1:PORT/v1" } }],
    ["the SearXNG URL", { search: { searxngUrl: "http://127.0.0.1:PORT" } }],
    ["the sandbox URL", { sandbox: { kind: "jupyter_sandbox" as const, url: "http://127.0.0.1:PORT" } }],
    ["a decimal spelling", { model: { baseUrl: "http://2130706433:PORT/v1" } }],
    ["IPv4-mapped IPv6", { search: { searxngUrl: "http://[::ffff:127.0.0.1]:PORT" } }],
  ])("refuses to save %s on a loopback address, and stores nothing", async (_, template) => {
    const settings = JSON.parse(JSON.stringify(template).replaceAll("PORT", String(internal.port))) as never;
    const error = await save(settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "forbidden:endpoint", status: 403 });
    expect((error as AppError).message).toMatch(REFUSED);
    expect((await getSettingsView(db.prisma, { workspaceId: workspace })).settings).toEqual({});
    expect(internal.connections).toBe(0);
  });

  it("refuses the metadata address, CGNAT and a ULA alike", async () => {
    for (const baseUrl of ["http://169.254.169.254/v1", "http://100.64.0.1/v1", "http://[fd00::1]:8000/v1"]) {
      await expect(save({ model: { baseUrl } })).rejects.toMatchObject({ code: "forbidden:endpoint" });
    }
  });

  it("saves what the instance admin allows, from the environment or the instance setting", async () => {
    await save({ model: { baseUrl: `${internal.url}/v1` } }, "127.0.0.1");
    await updateSettings(db.prisma, {
      workspaceId: workspace,
      actorId: null,
      key,
      update: { settings: { search: { searxngUrl: internal.url } } },
      policy: { allow: env("127.0.0.0/8").LOUPE_ALLOW_PRIVATE_ENDPOINTS },
    });
    await setAllowedPrivateEndpoints(db.prisma, ["127.0.0.1"]);
    await updateSettings(db.prisma, {
      workspaceId: workspace,
      actorId: null,
      key,
      update: { settings: { sandbox: { kind: "jupyter_sandbox", url: internal.url } } },
    });
    expect((await getSettingsView(db.prisma, { workspaceId: workspace })).settings).toMatchObject({
      model: { baseUrl: `${internal.url}/v1` },
      search: { searxngUrl: internal.url },
      sandbox: { url: internal.url },
    });
    expect(internal.connections).toBe(0); // saving connects to nothing
  });

  it("the connection test refuses a stored private URL without connecting, the same whether or not anything listens", async () => {
    const messages: string[] = [];
    for (const port of [internal.port, 9]) {
      await store({
        model: { baseUrl: `http://127.0.0.1:${port}/v1` },
        search: { searxngUrl: `http://127.0.0.1:${port}` },
        sandbox: { kind: "jupyter", url: `http://127.0.0.1:${port}` },
      });
      for (const target of ["model", "search", "sandbox"] as const) {
        const result = await testConnection(db.prisma, { workspaceId: workspace, target, env: env() });
        expect(result).toMatchObject({ ok: false, source: "workspace" });
        expect(result.message).toMatch(REFUSED);
        expect(result.message).not.toContain(INTERNAL_SECRET);
        messages.push(`${target}: ${result.message}`);
      }
    }
    expect(messages.slice(0, 3)).toEqual(messages.slice(3));
    expect(internal.connections).toBe(0);
  });

  it("the connection test refuses a name that resolves to a private address", async () => {
    await store({ model: { baseUrl: `http://gpu.example.com:${internal.port}/v1` } });
    const result = await testConnection(db.prisma, {
      workspaceId: workspace,
      target: "model",
      env: env(),
      resolve: () => Promise.resolve([{ address: "127.0.0.1", family: 4 }]),
    });
    expect(result.message).toMatch(/^gpu\.example\.com is a private address \(loopback\)/);
    expect(internal.connections).toBe(0);
  });

  it("the connection test reaches what the admin allows", async () => {
    await store({ model: { baseUrl: vllm.url, name: "lan-model" }, search: { searxngUrl: searxng.url } });
    const allowed = env("127.0.0.1");
    const model = await testConnection(db.prisma, { workspaceId: workspace, target: "model", env: allowed });
    expect(model).toMatchObject({ ok: true, source: "workspace" });
    const search = await testConnection(db.prisma, { workspaceId: workspace, target: "search", env: allowed });
    expect(search).toMatchObject({ ok: true, source: "workspace", message: "SearXNG answered a test search." });
  });

  it("a run refuses a stored private model URL before connecting (an allowance revoked since)", async () => {
    await store({ model: { baseUrl: `${internal.url}/v1`, name: "m" } });
    const error = await runtime.connectionsFor(workspace).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "forbidden:endpoint" });
    expect((error as Error).message).toMatch(REFUSED);
    expect(internal.connections).toBe(0);
  });

  it("a run's web search refuses a stored private SearXNG URL, and its trace gets the sentence, not the body", async () => {
    await store({ search: { searxngUrl: internal.url } });
    const search = await runtime.searchFor(workspace);
    const error = await search.text({ sessionId: "s", query: "cats" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "search_unavailable" });
    expect((error as Error).message).toMatch(REFUSED);
    expect(internal.connections).toBe(0);
  });

  it("a run's sandbox refuses a stored private sandbox URL (jupyter_sandbox and Jupyter Server)", async () => {
    for (const sandboxKind of ["jupyter_sandbox", "jupyter"] as const) {
      await store({ sandbox: { kind: sandboxKind, url: internal.url } });
      const sandbox = await runtime.sandboxFor(workspace);
      const error = await sandbox.execute({ sessionId: `s-${sandboxKind}`, code: "print(1)" }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "sandbox_unavailable" });
      expect((error as Error).message).toMatch(REFUSED);
    }
    expect(internal.connections).toBe(0);
  });

  it("a run uses a model server the admin allows, from the instance setting", async () => {
    await store({ model: { baseUrl: vllm.url, name: "lan-model" } });
    await expect(runtime.connectionsFor(workspace)).rejects.toMatchObject({ code: "forbidden:endpoint" });
    await setAllowedPrivateEndpoints(db.prisma, ["127.0.0.1"]);
    const { endpoint } = await runtime.connectionsFor(workspace);
    expect(endpoint.model).toBe("lan-model");
  });
});
