// The address policy for the URLs a workspace sets (model server, SearXNG, sandbox): the instance's
// allow list (LOUPE_ALLOW_PRIVATE_ENDPOINTS merged with the instance admin's setting), checked when
// settings are saved and, through the guard, on every connection made to them.
import "server-only";
import type { Db } from "@/lib/db";
import { getAllowedPrivateEndpoints } from "@/lib/db/instance-settings";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createEndpointGuard, endpointRefusalOf, type EndpointPolicy, type Resolver } from "@/lib/net/endpoint-policy";
import type { WorkspaceSettings } from "./settings";

/** The instance's allow list, from the environment and the instance setting. */
export async function endpointPolicy(db: Db, e: Pick<Env, "LOUPE_ALLOW_PRIVATE_ENDPOINTS">, resolve?: Resolver) {
  const fromAdmin = await getAllowedPrivateEndpoints(db);
  const policy: EndpointPolicy = { allow: [...new Set([...e.LOUPE_ALLOW_PRIVATE_ENDPOINTS, ...fromAdmin])] };
  return resolve ? { ...policy, resolve } : policy;
}

/** The URLs in a settings update, by their setting name. */
function urlsOf(settings: WorkspaceSettings): string[] {
  return [settings.model?.baseUrl, settings.search?.searxngUrl, settings.sandbox?.url].filter(
    (u): u is string => typeof u === "string" && u !== "",
  );
}

/** Refuse settings whose URLs point at an address the policy does not allow (forbidden:endpoint). */
export async function assertEndpointsAllowed(settings: WorkspaceSettings, policy: EndpointPolicy): Promise<void> {
  const guard = createEndpointGuard(policy);
  for (const url of urlsOf(settings)) {
    try {
      await guard.check(url);
    } catch (error) {
      throw refusal(error);
    }
  }
}

/** A refusal by the guard as the AppError users see; anything else is passed on. */
export function refusal(error: unknown): unknown {
  const refused = endpointRefusalOf(error);
  return refused ? new AppError("forbidden:endpoint", refused.message, { cause: error }) : error;
}
