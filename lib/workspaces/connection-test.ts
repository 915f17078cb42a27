// "Test connection" for a workspace's model server, search providers and sandbox backend: the
// workspace's settings over the instance defaults, checked with the same probes as `loupe doctor`.
// Results are plain sentences; secrets never appear in them. A URL the workspace set goes through
// the endpoint policy: one on a private address the admin has not allowed is never connected to,
// and the answer is the same sentence whether or not anything listens there.
import "server-only";
import type { Db } from "@/lib/db";
import type { Env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { checkModelServer } from "@/lib/model";
import { createEndpointGuard, endpointRefusalOf, type Resolver } from "@/lib/net/endpoint-policy";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { searchConfigFromEnv } from "@/lib/runs/runtime";
import { checkSandbox } from "@/lib/sandbox";
import { createSearch } from "@/lib/search";
import { resolveModelEndpoint } from "@/lib/server/model-endpoint";
import { endpointPolicy } from "./endpoints";
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
  input: {
    workspaceId: string;
    target: "model" | "search" | "sandbox";
    env: Env;
    /** How names are resolved for the address policy (tests inject one). */
    resolve?: Resolver;
  },
): Promise<ConnectionResult> {
  const overrides = await getWorkspaceOverrides(db, input.workspaceId);
  const e = input.env;
  const guard = createEndpointGuard(await endpointPolicy(db, e, input.resolve));
  const guarded = createGuardedFetch(guard);
  /** The refusal sentence for a workspace URL the policy does not allow, before any connection. */
  const refusedUrl = async (url: string | undefined) => {
    if (!url) return undefined;
    try {
      await guard.check(url);
      return undefined;
    } catch (error) {
      const refused = endpointRefusalOf(error);
      if (!refused) throw error;
      return refused.message;
    }
  };
  const refusedResult = (source: "workspace", message: string): ConnectionResult => ({ ok: false, source, message });

  if (input.target === "model") {
    const own = overrides.model;
    const source = own ? "workspace" : "instance";
    const refused = await refusedUrl(own?.baseUrl);
    if (refused) return refusedResult("workspace", refused);
    try {
      const endpoint = await resolveModelEndpoint(
        own ? { ...e, MODEL_BASE_URL: own.baseUrl, MODEL_API_KEY: own.apiKey, MODEL_NAME: own.name } : e,
        AbortSignal.timeout(10_000),
        own ? guarded : fetch,
      );
      const result = await checkModelServer({
        ...endpoint,
        modelName: endpoint.model,
        timeoutMs: 10_000,
        ...(own ? { fetch: guarded } : {}),
      });
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
    const ownUrl = overrides.search?.searxngUrl;
    const refused = await refusedUrl(ownUrl);
    if (refused) return refusedResult("workspace", refused);
    const health = await createSearch({
      ...searchConfigFromEnv(e),
      ...overrides.search,
      ...(ownUrl ? { searxngFetch: guarded } : {}),
    }).health();
    return { ok: health.status === "ok", source, message: health.reason, latencyMs: Math.round(health.latencyMs) };
  }
  const own = overrides.sandbox;
  const refused = await refusedUrl(own?.url);
  if (refused) return refusedResult("workspace", refused);
  const check = await checkSandbox(
    own
      ? { kind: own.kind, url: own.url, token: own.token, guard }
      : { kind: e.SANDBOX_KIND ?? (e.SANDBOX_URL ? "jupyter" : "local"), url: e.SANDBOX_URL, token: e.SANDBOX_TOKEN },
  );
  return {
    ok: check.status === "ok",
    source: own ? "workspace" : "instance",
    message: [check.reason, check.fix].filter(Boolean).join(" "),
    latencyMs: Math.round(check.latencyMs),
  };
}
