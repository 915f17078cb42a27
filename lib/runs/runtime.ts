// Everything a run needs from the outside world, built once per process from lib/env: the bus,
// blobs, sandbox, search and the model client. Tests and benchmarks build their own with
// `createRuntime` and pass it explicitly; the app uses `getRuntime()`.
import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PortError, type SandboxPort, type SearchPort } from "@/lib/agent/ports";
import { getBlobs, type BlobService } from "@/lib/blobs";
import { getDatabase, type Database } from "@/lib/db";
import { configuredSearchProviders, env, type Env } from "@/lib/env";
import { createImagePort } from "@/lib/images";
import { createModelClient, dataUriResolver, signedUrlResolver } from "@/lib/model";
import { createNodeFetch } from "@/lib/model/node-fetch";
import { createEndpointGuard, type EndpointGuard, type EndpointPolicy } from "@/lib/net/endpoint-policy";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import type { ModelPort } from "@/lib/agent/ports";
import { createSandbox, type ManagedSandbox } from "@/lib/sandbox";
import { createSearch, type Search, type SearchConfig } from "@/lib/search";
import { resolveModelEndpoint, type ModelEndpoint } from "@/lib/server/model-endpoint";
import { signBlobUrl } from "@/lib/crypto/signed-urls";
import { endpointPolicy, refusal } from "@/lib/workspaces/endpoints";
import { getWorkspaceOverrides, type WorkspaceOverrides } from "@/lib/workspaces/settings-store";
import { createMemoryBus, createPostgresBus, type RunBus } from "./bus";
import { FlushClock, type RunEventLog } from "./event-log";
import { createGroupCommit, type GroupCommit } from "./group-commit";
import { PendingCancels } from "./pending-cancels";

export interface ActiveRun {
  controller: AbortController;
  log: RunEventLog;
  sessionId: string;
}

export interface Runtime {
  /** Identifies this process in `Run.instanceId`. */
  readonly instanceId: string;
  readonly database: Database;
  readonly bus: RunBus;
  readonly blobs: BlobService;
  readonly search: SearchPort;
  /** Search's health and the issuer behind public image URLs (absent when a test passes a bare port). */
  readonly searchService: Search | null;
  readonly imagePort: ReturnType<typeof createImagePort>;
  sandbox(): ManagedSandbox | SandboxPort;
  /** The model a run uses: its workspace's endpoint when the workspace sets one, else the instance's. */
  model(signal?: AbortSignal, workspaceId?: string): Promise<{ port: ModelPort; endpoint: ModelEndpoint }>;
  /** Search and sandbox for a workspace: its own providers or backend when set, else the instance's. */
  searchFor(workspaceId: string): Promise<SearchPort>;
  sandboxFor(workspaceId: string): Promise<ManagedSandbox | SandboxPort>;
  /** Model, sandbox and search for a run in the workspace, from one read of its overrides. */
  connectionsFor(
    workspaceId: string,
    signal?: AbortSignal,
  ): Promise<{ port: ModelPort; endpoint: ModelEndpoint; sandbox: ManagedSandbox | SandboxPort; search: SearchPort }>;
  /** The model profile a new run in the workspace uses: its model endpoint's, else the instance's. */
  profileFor(workspaceId: string): Promise<string>;
  /** Runs executing in this process. */
  readonly active: Map<string, ActiveRun>;
  /** Cancels that arrived for a run before it started executing here (see cancelLocally). */
  readonly pendingCancels: PendingCancels;
  /** Commits the event batches of all runs in this process together. */
  readonly writer: GroupCommit;
  /** When the runs of this process write their buffered deltas (every `settings.flushMs`). */
  readonly flushClock: FlushClock;
  readonly settings: RuntimeSettings;
  /** Set while the process shuts down: runs stopped now end interrupted (resumable), not cancelled. */
  readonly shuttingDown: boolean;
  close(): Promise<void>;
}

/** A workspace's overrides and the guard its own URLs go through (absent when it sets none). */
interface Guarded {
  own: WorkspaceOverrides;
  guard?: EndpointGuard;
}

export interface RuntimeSettings {
  profile: string;
  maxRunning: number;
  maxRunningPerWorkspace: number;
  staleMs: number;
  prefill: boolean;
  contextLength: number;
  flushMs: number;
}

export function searchConfigFromEnv(e: Env): SearchConfig {
  return {
    searxngUrl: e.SEARXNG_URL,
    serperApiKey: e.SERPER_API_KEY,
    serpapiApiKey: e.SERPAPI_API_KEY,
    braveApiKey: e.BRAVE_API_KEY,
    tavilyApiKey: e.TAVILY_API_KEY,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    textProvider: e.SEARCH_TEXT_PROVIDER,
    imageProvider: e.SEARCH_IMAGE_PROVIDER,
    baseUrls: {
      ...(e.SERPER_BASE_URL ? { serper: e.SERPER_BASE_URL } : {}),
      ...(e.SERPAPI_BASE_URL ? { serpapi: e.SERPAPI_BASE_URL } : {}),
      ...(e.BRAVE_BASE_URL ? { brave: e.BRAVE_BASE_URL } : {}),
      ...(e.TAVILY_BASE_URL ? { tavily: e.TAVILY_BASE_URL } : {}),
    },
    resultCount: e.SEARCH_RESULT_COUNT,
    timeoutMs: e.SEARCH_TIMEOUT_MS,
    fetchAllowPrivate: e.SEARCH_FETCH_ALLOW_PRIVATE,
    publicImageTtlMs: e.PUBLIC_IMAGE_TTL_MS,
    publicImageMaxUses: e.PUBLIC_IMAGE_MAX_USES,
  };
}

function sandboxFromEnv(
  e: Env,
  backend?: WorkspaceOverrides["sandbox"] & { guard: EndpointGuard },
): ManagedSandbox | SandboxPort {
  if (!e.LOUPE_SANDBOX_ENABLED) {
    const off = () =>
      Promise.reject(
        new PortError(
          "sandbox_unavailable",
          "The Python sandbox is turned off on this server (LOUPE_SANDBOX_ENABLED=false).",
        ),
      );
    return { prepare: off, execute: off };
  }
  return createSandbox({
    kind: backend?.kind ?? e.SANDBOX_KIND ?? (e.SANDBOX_URL ? "jupyter" : "local"),
    url: backend?.url ?? e.SANDBOX_URL,
    token: backend ? backend.token : e.SANDBOX_TOKEN,
    ...(backend ? { guard: backend.guard } : {}),
    ...(e.SANDBOX_KERNEL_NAME ? { kernelName: e.SANDBOX_KERNEL_NAME } : {}),
    cellTimeoutMs: e.SANDBOX_CELL_TIMEOUT_SECONDS * 1000,
    faithful: e.SANDBOX_FAITHFUL,
    poolSize: e.SANDBOX_POOL_SIZE,
    idleCullMs: e.SANDBOX_IDLE_MINUTES * 60_000,
    memoryBytes: e.SANDBOX_MEMORY_MB * 1024 * 1024,
    ...(e.LOUPE_MAX_KERNELS ? { maxKernels: e.LOUPE_MAX_KERNELS } : {}),
  });
}

export async function createRuntime(input: {
  database: Database;
  blobs: BlobService;
  env: Env;
  sandbox?: ManagedSandbox | SandboxPort;
  search?: SearchPort;
  settings?: Partial<RuntimeSettings>;
  /** A workspace's own model, search and sandbox settings (default: read from the database). */
  overrides?: (workspaceId: string) => Promise<WorkspaceOverrides>;
  /** Which private addresses a workspace's own URLs may reach (default: the instance's allow list). */
  endpointPolicy?: () => Promise<EndpointPolicy>;
}): Promise<Runtime> {
  const e = input.env;
  const { database, blobs } = input;
  const bus =
    database.kind === "postgres"
      ? await createPostgresBus({
          connect: async () => {
            const client = new pg.Client({ connectionString: e.DATABASE_URL ?? database.location });
            client.on("error", () => {});
            await client.connect();
            return client;
          },
        })
      : createMemoryBus();
  let sandbox = input.sandbox;
  const searchService = input.search ? null : createSearch(searchConfigFromEnv(e));
  const search: SearchPort = input.search ?? searchService!;
  const overrides = input.overrides ?? ((workspaceId: string) => getWorkspaceOverrides(database.prisma, workspaceId));
  const policy = input.endpointPolicy ?? (() => endpointPolicy(database.prisma, e));
  /** A workspace's overrides, with the guard its own URLs go through (the policy read with them). */
  async function overridesOf(workspaceId: string): Promise<Guarded> {
    const own = await overrides(workspaceId);
    const needsGuard = own.model || own.search?.searxngUrl || own.sandbox;
    return { own, guard: needsGuard ? createEndpointGuard(await policy()) : undefined };
  }
  // Workspace search services and sandboxes, one per distinct configuration, reused across runs.
  const searches = new Map<string, Search>();
  const sandboxes = new Map<string, ManagedSandbox | SandboxPort>();
  const imageUrlFor = (transport: "data" | "url") =>
    transport === "url" && e.PUBLIC_BASE_URL
      ? signedUrlResolver((image) => signBlobUrl({ baseUrl: e.PUBLIC_BASE_URL!, key: image.key }))
      : dataUriResolver(async (key) => {
          const blob = await blobs.get(key);
          if (!blob) throw new Error(`Image ${key} is missing from the blob store.`);
          return blob.data;
        });
  const imageUrl = imageUrlFor(e.MODEL_IMAGE_TRANSPORT);
  const instanceSandbox = () => (sandbox ??= sandboxFromEnv(e));
  const settings: RuntimeSettings = {
    profile: e.MODEL_PROFILE,
    maxRunning: e.LOUPE_MAX_RUNNING,
    maxRunningPerWorkspace: e.LOUPE_MAX_RUNNING_PER_WORKSPACE,
    staleMs: e.LOUPE_RUN_STALE_SECONDS * 1000,
    prefill: e.MODEL_PREFILL,
    contextLength: e.MODEL_CONTEXT_LENGTH,
    flushMs: 200,
    ...input.settings,
  };
  // What a workspace's overrides make of each connection; a run reads them once (connectionsFor).
  // A URL the workspace set is reached only through its guard; the allow list is part of the cache
  // key, so a change by the instance admin applies to the next run.
  function searchWith({ own: overridden, guard }: Guarded): SearchPort {
    const own = input.search ? undefined : overridden.search;
    if (!own) return search;
    const config = { ...searchConfigFromEnv(e), ...own };
    const guarded = own.searxngUrl && guard ? guard : undefined;
    const id = JSON.stringify({ config, allow: guarded?.policy.allow });
    let service = searches.get(id);
    if (!service) {
      // Share the instance's image URL issuer: the public-images route redeems through it.
      service = createSearch({
        ...config,
        imageUrlIssuer: searchService?.imageUrls ?? undefined,
        ...(guarded ? { searxngFetch: createGuardedFetch(guarded) } : {}),
      });
      searches.set(id, service);
    }
    return service;
  }
  function sandboxWith({ own: overridden, guard }: Guarded): ManagedSandbox | SandboxPort {
    const backend = input.sandbox ? undefined : overridden.sandbox;
    if (!backend || !guard || !e.LOUPE_SANDBOX_ENABLED) return instanceSandbox();
    const id = JSON.stringify({ backend, allow: guard.policy.allow });
    let own = sandboxes.get(id);
    if (!own) sandboxes.set(id, (own = sandboxFromEnv(e, { ...backend, guard })));
    return own;
  }
  async function modelWith({ own: overridden, guard }: Guarded, signal?: AbortSignal) {
    const own = overridden.model;
    // The workspace's own server: refused up front with the policy's sentence, and guarded on every connection.
    if (own && guard) {
      try {
        await guard.check(own.baseUrl);
      } catch (error) {
        throw refusal(error);
      }
    }
    const endpoint = await resolveModelEndpoint(
      own ? { ...e, MODEL_BASE_URL: own.baseUrl, MODEL_API_KEY: own.apiKey, MODEL_NAME: own.name } : e,
      signal,
      own && guard ? createGuardedFetch(guard) : fetch,
    );
    const port = createModelClient({
      baseUrl: endpoint.baseUrl,
      apiKey: endpoint.apiKey,
      model: endpoint.model,
      imageUrl: own?.imageTransport ? imageUrlFor(own.imageTransport) : imageUrl,
      timeouts: {
        connectMs: e.MODEL_CONNECT_TIMEOUT_SECONDS * 1000,
        firstTokenMs: e.MODEL_FIRST_TOKEN_TIMEOUT_SECONDS * 1000,
        stallMs: e.MODEL_STALL_TIMEOUT_SECONDS * 1000,
      },
      ...(own && guard ? { fetch: createNodeFetch(guard) } : {}),
    });
    return { port, endpoint };
  }
  const active = new Map<string, ActiveRun>();
  return {
    instanceId: randomUUID(),
    database,
    bus,
    blobs,
    search,
    searchService,
    imagePort: createImagePort(),
    sandbox: instanceSandbox,
    async searchFor(workspaceId) {
      return searchWith(await overridesOf(workspaceId));
    },
    async sandboxFor(workspaceId) {
      return sandboxWith(await overridesOf(workspaceId));
    },
    async profileFor(workspaceId) {
      return (await overrides(workspaceId)).model?.profile ?? settings.profile;
    },
    async model(signal, workspaceId) {
      return modelWith(workspaceId ? await overridesOf(workspaceId) : { own: {} }, signal);
    },
    async connectionsFor(workspaceId, signal) {
      const own = await overridesOf(workspaceId);
      return { ...(await modelWith(own, signal)), sandbox: sandboxWith(own), search: searchWith(own) };
    },
    active,
    pendingCancels: new PendingCancels(),
    writer: createGroupCommit(database),
    flushClock: new FlushClock(settings.flushMs),
    settings,
    shuttingDown: false,
    async close() {
      (this as { shuttingDown: boolean }).shuttingDown = true;
      for (const run of active.values()) run.controller.abort();
      // Give stopped runs a moment to record how they ended.
      for (let i = 0; i < 50 && active.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
      await bus.close();
      if (sandbox && "close" in sandbox) await sandbox.close();
      for (const own of sandboxes.values()) if ("close" in own) await own.close();
    },
  };
}

const globalForRuntime = globalThis as typeof globalThis & { __loupeRuntime?: Promise<Runtime> };

/** This process's runtime, built on first use. */
export function getRuntime(): Promise<Runtime> {
  globalForRuntime.__loupeRuntime ??= (async () =>
    createRuntime({ database: await getDatabase(), blobs: await getBlobs(), env: env() }))().catch((error: unknown) => {
    globalForRuntime.__loupeRuntime = undefined;
    throw error;
  });
  return globalForRuntime.__loupeRuntime;
}

export async function closeRuntime(): Promise<void> {
  const pending = globalForRuntime.__loupeRuntime;
  globalForRuntime.__loupeRuntime = undefined;
  if (pending) await (await pending.catch(() => undefined))?.close();
}

export function searchIsConfigured(e: Env = env()): boolean {
  return configuredSearchProviders(e).length > 0;
}
