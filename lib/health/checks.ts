// The four checks behind /api/health and `loupe doctor`. Each answers within its deadline with
// a status and a sentence; none of them starts anything (no kernel, no model generation).
import "server-only";
import { S3BlobStore, s3SettingsFromEnv } from "@/lib/blobs/s3";
import { getDatabase } from "@/lib/db";
import { configuredSearchProviders, type Env } from "@/lib/env";
import { checkModelServer } from "@/lib/model";
import { checkSandbox } from "@/lib/sandbox";
import { createSearch } from "@/lib/search";
import { resolveModelEndpoint } from "@/lib/server/model-endpoint";
import { searchConfigFromEnv, type Runtime } from "@/lib/runs/runtime";
import { overallStatus, timedCheck, type ComponentHealth, type HealthReport } from "./types";

const DEADLINE_MS = 8_000;

export async function checkDatabase(): Promise<ComponentHealth> {
  return timedCheck(async () => {
    const database = await getDatabase();
    await database.prisma.$queryRaw`SELECT 1`;
    const where =
      database.kind === "pglite"
        ? `the embedded database in ${database.location}`
        : `PostgreSQL at ${database.location}`;
    return { status: "ok", reason: `Connected to ${where}.` };
  }, DEADLINE_MS);
}

export async function checkModel(e: Env): Promise<ComponentHealth> {
  if (!e.MODEL_BASE_URL) {
    return {
      status: "not_configured",
      reason:
        "No model server is configured: set MODEL_BASE_URL to your vLLM server's URL ending in /v1 (docs/serving.md).",
      latencyMs: null,
    };
  }
  return timedCheck(async (signal) => {
    const endpoint = await resolveModelEndpoint(e, signal);
    const result = await checkModelServer({
      baseUrl: endpoint.baseUrl,
      apiKey: endpoint.apiKey,
      modelName: endpoint.model,
      timeoutMs: DEADLINE_MS - 500,
    });
    if (!result.ok)
      return {
        status: "down",
        reason: result.problems.join(" "),
        latencyMs: result.latencyMs,
        warnings: result.warnings,
      };
    return {
      status: "ok",
      reason: `${endpoint.baseUrl} serves ${result.model ?? endpoint.model}.`,
      latencyMs: result.latencyMs,
      ...(result.warnings.length ? { warnings: result.warnings } : {}),
    };
  }, DEADLINE_MS);
}

export async function checkSandboxHealth(e: Env): Promise<ComponentHealth> {
  if (!e.LOUPE_SANDBOX_ENABLED) {
    return {
      status: "not_configured",
      reason: "The Python sandbox is turned off (LOUPE_SANDBOX_ENABLED=false).",
      latencyMs: null,
    };
  }
  return timedCheck(async () => {
    const result = await checkSandbox({
      kind: e.SANDBOX_KIND ?? (e.SANDBOX_URL ? "jupyter" : "local"),
      url: e.SANDBOX_URL,
      token: e.SANDBOX_TOKEN,
    });
    return { status: result.status, reason: result.reason, latencyMs: result.latencyMs };
  }, DEADLINE_MS);
}

export async function checkSearch(e: Env, runtime?: Runtime): Promise<ComponentHealth> {
  if (configuredSearchProviders(e).length === 0) {
    return {
      status: "not_configured",
      reason:
        "Search is off: no provider is configured (set SEARXNG_URL or a provider's API key). The model is told it has no search tools.",
      latencyMs: null,
    };
  }
  return timedCheck(async () => (runtime?.searchService ?? createSearch(searchConfigFromEnv(e))).health(), DEADLINE_MS);
}

/** The S3 image bucket, when one is configured (doctor only: disk and database need no check). */
export async function checkImageBucket(e: Env): Promise<ComponentHealth> {
  const settings = s3SettingsFromEnv(e);
  if (!settings) {
    return {
      status: "not_configured",
      reason: e.DATABASE_URL
        ? "Images are stored in the database (set S3_BUCKET to use a bucket)."
        : `Images are stored on disk in ${e.LOUPE_DATA_DIR}/blobs (set S3_BUCKET to use a bucket).`,
      latencyMs: null,
    };
  }
  return timedCheck(async () => {
    await new S3BlobStore(settings).check();
    return { status: "ok", reason: `Images are stored in the bucket ${settings.bucket}, which answers.` };
  }, DEADLINE_MS);
}

export async function checkHealth(e: Env, runtime?: Runtime): Promise<HealthReport> {
  const [database, sandbox, model, search] = await Promise.all([
    checkDatabase(),
    checkSandboxHealth(e),
    checkModel(e),
    checkSearch(e, runtime),
  ]);
  const components = { database, sandbox, model, search };
  return { status: overallStatus(components), checkedAt: new Date().toISOString(), components };
}
