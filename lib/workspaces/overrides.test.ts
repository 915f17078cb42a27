// A workspace's own model server, key and search settings reach the runtime a run uses; other
// workspaces keep the instance defaults. Secrets are stored encrypted and come back only here.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSandbox } from "@/lib/agent/testing/fakes";
import { DatabaseBlobStore } from "@/lib/blobs/database";
import { createBlobService } from "@/lib/blobs/service";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "@/lib/db/testing";
import { ensureWorkspace } from "@/lib/db/workspaces";
import { parseEnv } from "@/lib/env";
import { createRuntime, type Runtime } from "@/lib/runs/runtime";
import { startMockVllm, type MockVllm } from "@/e2e/mocks/vllm/server";
import { getSettingsView, getWorkspaceOverrides, hasModelServer, updateSettings } from "./settings-store";

describe.each(DATABASE_KINDS)("workspace overrides on %s", (kind) => {
  const key = randomBytes(32);
  let db: TestDatabase;
  let instanceVllm: MockVllm;
  let teamVllm: MockVllm;
  let runtime: Runtime;
  let team: string;
  let other: string;
  const reads: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    instanceVllm = await startMockVllm({ modelName: "instance-model" });
    teamVllm = await startMockVllm({ modelName: "team-model", apiKey: "team-key" });
    runtime = await createRuntime({
      database: db,
      blobs: createBlobService({ db: db.prisma, store: new DatabaseBlobStore(db) }),
      // The workspace's own model server is a local fake: the instance admin allows 127.0.0.1.
      env: parseEnv({
        MODEL_BASE_URL: instanceVllm.url,
        LOUPE_DATA_DIR: db.target.dataDir,
        LOUPE_ALLOW_PRIVATE_ENDPOINTS: "127.0.0.1",
      }),
      sandbox: new FakeSandbox([]),
      overrides: (workspaceId) => {
        reads.push(workspaceId);
        return getWorkspaceOverrides(db.prisma, workspaceId, key);
      },
    });
    team = (await ensureWorkspace(db.prisma, { slug: "team", name: "Team" })).id;
    other = (await ensureWorkspace(db.prisma, { slug: "other", name: "Other" })).id;
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await instanceVllm?.close();
    await teamVllm?.close();
    await db?.dispose();
  });

  it("knows whether a workspace has a model server: the instance's, or one of its own", async () => {
    const lone = (await ensureWorkspace(db.prisma, { slug: "lone", name: "Lone" })).id;
    await expect(hasModelServer(db.prisma, { workspaceId: lone, instanceBaseUrl: undefined })).resolves.toBe(false);
    await expect(hasModelServer(db.prisma, { workspaceId: lone, instanceBaseUrl: instanceVllm.url })).resolves.toBe(
      true,
    );
    await updateSettings(db.prisma, {
      workspaceId: lone,
      actorId: null,
      update: { settings: { model: { baseUrl: "http://gpu-box:8000/v1" } } },
      key,
    });
    await expect(hasModelServer(db.prisma, { workspaceId: lone, instanceBaseUrl: undefined })).resolves.toBe(true);
  });

  it("stores secrets encrypted and shows them only as set", async () => {
    const view = await updateSettings(db.prisma, {
      workspaceId: team,
      actorId: null,
      key,
      update: {
        settings: { model: { baseUrl: teamVllm.url, profile: "deepeyes-v1" }, search: { textProvider: "brave" } },
        secrets: { "model.apiKey": "team-key", "search.braveApiKey": "brave-secret" },
      },
      policy: { allow: ["127.0.0.1"] },
    });
    expect(view.secrets["model.apiKey"]).toEqual({ set: true });
    expect(JSON.stringify(view)).not.toContain("team-key");
    const rows = await db.prisma.workspaceSecret.findMany({ where: { workspaceId: team } });
    expect(rows.map((r) => r.ciphertext).join()).not.toMatch(/team-key|brave-secret/);
    const audit = await db.prisma.auditEntry.findFirst({ where: { workspaceId: team, action: "settings.updated" } });
    expect(JSON.stringify(audit?.data)).not.toContain("team-key");
    expect((await getSettingsView(db.prisma, { workspaceId: other })).secrets["model.apiKey"]).toEqual({ set: false });
  });

  it("gives a run in the workspace its own model server and key, and others the instance's", async () => {
    const own = await runtime.model(undefined, team);
    expect(own.endpoint).toMatchObject({ baseUrl: teamVllm.url.replace(/\/+$/, ""), model: "team-model" });
    expect(teamVllm.requests.at(-1)?.headers.authorization).toBe("Bearer team-key");
    const instance = await runtime.model(undefined, other);
    expect(instance.endpoint.model).toBe("instance-model");
    expect((await runtime.model()).endpoint.model).toBe("instance-model");
  });

  it("starts the workspace's runs with its model profile, and others with the instance's", async () => {
    expect(await runtime.profileFor(team)).toBe("deepeyes-v1");
    expect(await runtime.profileFor(other)).toBe("deepeyes-v2");
  });

  it("gives the workspace its own search service, and others the instance's", async () => {
    const own = await runtime.searchFor(team);
    expect(own).not.toBe(runtime.search);
    expect(await runtime.searchFor(team)).toBe(own);
    expect(await runtime.searchFor(other)).toBe(runtime.search);
  });

  it("gives a run everything it connects to from one read of the workspace's overrides", async () => {
    reads.length = 0;
    const forTeam = await runtime.connectionsFor(team);
    expect(reads).toEqual([team]);
    expect(forTeam.endpoint.model).toBe("team-model");
    expect(forTeam.search).toBe(await runtime.searchFor(team));
    const forOther = await runtime.connectionsFor(other);
    expect(forOther.endpoint.model).toBe("instance-model");
    expect(forOther.search).toBe(runtime.search);
  });

  it("clears a secret with null, and an empty section returns to the instance defaults", async () => {
    await updateSettings(db.prisma, {
      workspaceId: team,
      actorId: null,
      key,
      update: { settings: { model: {} }, secrets: { "model.apiKey": null } },
    });
    const overrides = await getWorkspaceOverrides(db.prisma, team, key);
    expect(overrides.model).toBeUndefined();
    expect((await runtime.model(undefined, team)).endpoint.model).toBe("instance-model");
  });
});
