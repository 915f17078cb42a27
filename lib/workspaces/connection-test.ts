// "Test connection" for a workspace's model server, search providers and sandbox backend: the
// workspace's settings over the instance defaults, checked with the same probes as `loupe doctor`.
// Results are plain sentences; secrets never appear in them.
import "server-only";
import type { Db } from "@/lib/db";
import type { Env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { checkModelServer } from "@/lib/model";
import { searchConfigFromEnv } from "@/lib/runs/runtime";
import { checkSandbox } from "@/lib/sandbox";
import { createSearch } from "@/lib/search";
import { resolveModelEndpoint } from "@/lib/server/model-endpoint";
import { getWorkspaceOverrides } from "./settings-store";

export interface ConnectionResult {
  ok: boolean;
  /** "workspace" when the workspace sets its own, else "instance". */
  source: "workspace" | "instance";
  message: string;
  latencyMs?: number;
}

export async function testConnection(
  db: Db,
  input: { workspaceId: string; target: "model" | "search" | "sandbox"; env: Env },
): Promise<ConnectionResult> {
  const overrides = await getWorkspaceOverrides(db, input.workspaceId);
  const e = input.env;
  if (input.target === "model") {
    const own = overrides.model;
    const source = own ? "workspace" : "instance";
    try {
      const endpoint = await resolveModelEndpoint(
        own ? { ...e, MODEL_BASE_URL: own.baseUrl, MODEL_API_KEY: own.apiKey, MODEL_NAME: own.name } : e,
        AbortSignal.timeout(10_000),
      );
      const result = await checkModelServer({ ...endpoint, modelName: endpoint.model, timeoutMs: 10_000 });
      const message = result.ok
        ? [`The model server answers and serves ${endpoint.model}.`, ...result.warnings].join(" ")
        : result.problems.join(" ");
      return { ok: result.ok, source, message, latencyMs: Math.round(result.latencyMs) };
    } catch (error) {
      return {
        ok: false,
        source,
        message: isAppError(error) ? error.message : "The model server could not be checked.",
      };
    }
  }
  if (input.target === "search") {
    const source = overrides.search ? "workspace" : "instance";
    const health = await createSearch({ ...searchConfigFromEnv(e), ...overrides.search }).health();
    return { ok: health.status === "ok", source, message: health.reason, latencyMs: Math.round(health.latencyMs) };
  }
  const own = overrides.sandbox;
  const check = await checkSandbox(
    own
      ? { kind: own.kind, url: own.url, token: own.token }
      : { kind: e.SANDBOX_KIND ?? (e.SANDBOX_URL ? "jupyter" : "local"), url: e.SANDBOX_URL, token: e.SANDBOX_TOKEN },
  );
  return {
    ok: check.status === "ok",
    source: own ? "workspace" : "instance",
    message: [check.reason, check.fix].filter(Boolean).join(" "),
    latencyMs: Math.round(check.latencyMs),
  };
}
