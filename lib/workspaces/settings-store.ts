// Reading and writing a workspace's settings: validated JSON on the workspace, secrets encrypted
// under the instance key and bound to their workspace and name. Secrets leave this module only as
// `{ set: true }` for people, and decrypted only for the run that uses them (getWorkspaceOverrides).
import "server-only";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/db/audit";
import { deleteSecret, putSecret, readSecrets, readSettingsJson, writeSettingsJson } from "@/lib/db/workspace-settings";
import { env } from "@/lib/env";
import type { EndpointPolicy } from "@/lib/net/endpoint-policy";
import { secretKey } from "@/lib/crypto/instance-key";
import { assertEndpointsAllowed, endpointPolicy } from "./endpoints";
import {
  mergeSettings,
  parseStoredSettings,
  publicSettings,
  type SecretName,
  type SettingsUpdate,
  type WorkspaceSettings,
} from "./settings";

const contextOf = (workspaceId: string, name: string) => `workspace:${workspaceId}:${name}`;

export async function getSettingsView(db: Db, input: { workspaceId: string }) {
  const [raw, secrets] = await Promise.all([readSettingsJson(db, input), readSecrets(db, input)]);
  return publicSettings(
    parseStoredSettings(raw),
    secrets.map((s) => s.name),
  );
}

export async function updateSettings(
  db: Db,
  input: {
    workspaceId: string;
    actorId: string | null;
    update: SettingsUpdate;
    key?: Buffer;
    /** Which private addresses the URLs may point to (default: the instance's allow list). */
    policy?: EndpointPolicy;
  },
) {
  const key = input.key ?? secretKey();
  const current = parseStoredSettings(await readSettingsJson(db, input));
  if (input.update.settings) {
    // A URL into the server's own network is refused before anything is stored or connected to.
    await assertEndpointsAllowed(input.update.settings, input.policy ?? (await endpointPolicy(db, env())));
    const merged = mergeSettings(current, input.update.settings);
    await writeSettingsJson(db, { workspaceId: input.workspaceId, settings: merged });
  }
  const changedSecrets: string[] = [];
  for (const [name, value] of Object.entries(input.update.secrets ?? {})) {
    if (value === undefined) continue;
    changedSecrets.push(name);
    if (value === null) await deleteSecret(db, { workspaceId: input.workspaceId, name });
    else {
      const ciphertext = encryptSecret(value, key, contextOf(input.workspaceId, name));
      await putSecret(db, { workspaceId: input.workspaceId, name, ciphertext });
    }
  }
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    action: "settings.updated",
    // Which things changed, never their values.
    data: { sections: Object.keys(input.update.settings ?? {}), secrets: changedSecrets },
  });
  return getSettingsView(db, input);
}

/** The decrypted secrets of a workspace, for the server's own use (runs, connection tests). */
export async function readSecretValues(
  db: Db,
  input: { workspaceId: string; key?: Buffer },
): Promise<Partial<Record<SecretName, string>>> {
  const key = input.key ?? secretKey();
  const rows = await readSecrets(db, input);
  return Object.fromEntries(
    rows.map((r) => [r.name, decryptSecret(r.ciphertext, key, contextOf(input.workspaceId, r.name))]),
  );
}

export interface WorkspaceOverrides {
  model?: { baseUrl: string; apiKey?: string; name?: string; profile?: string; imageTransport?: "data" | "url" };
  search?: {
    searxngUrl?: string;
    serperApiKey?: string;
    serpapiApiKey?: string;
    braveApiKey?: string;
    tavilyApiKey?: string;
    textProvider?: "searxng" | "serper" | "serpapi" | "brave" | "tavily";
    imageProvider?: "serpapi" | "serper";
  };
  sandbox?: { kind: "jupyter" | "jupyter_sandbox"; url: string; token?: string };
}

/** What a workspace sets differently from the instance defaults; empty when it sets nothing. */
/** Whether runs in the workspace have a model server to call: the instance's, or its own. */
export async function hasModelServer(
  db: Db,
  input: { workspaceId: string; instanceBaseUrl: string | undefined },
): Promise<boolean> {
  if (input.instanceBaseUrl) return true;
  return Boolean(parseStoredSettings(await readSettingsJson(db, input)).model?.baseUrl);
}

export async function getWorkspaceOverrides(db: Db, workspaceId: string, key?: Buffer): Promise<WorkspaceOverrides> {
  const settings: WorkspaceSettings = parseStoredSettings(await readSettingsJson(db, { workspaceId }));
  const secrets = await readSecretValues(db, { workspaceId, key });
  return overridesFrom(settings, secrets);
}

export function overridesFrom(
  settings: WorkspaceSettings,
  secrets: Partial<Record<SecretName, string>>,
): WorkspaceOverrides {
  const out: WorkspaceOverrides = {};
  const m = settings.model;
  // A model override needs its own server; a name or key alone would be sent to the instance's.
  if (m?.baseUrl) {
    out.model = {
      baseUrl: m.baseUrl,
      ...(secrets["model.apiKey"] ? { apiKey: secrets["model.apiKey"] } : {}),
      ...(m.name ? { name: m.name } : {}),
      ...(m.profile ? { profile: m.profile } : {}),
      ...(m.imageTransport ? { imageTransport: m.imageTransport } : {}),
    };
  }
  const s = settings.search ?? {};
  const search = Object.fromEntries(
    Object.entries({
      searxngUrl: s.searxngUrl,
      textProvider: s.textProvider,
      imageProvider: s.imageProvider,
      serperApiKey: secrets["search.serperApiKey"],
      serpapiApiKey: secrets["search.serpapiApiKey"],
      braveApiKey: secrets["search.braveApiKey"],
      tavilyApiKey: secrets["search.tavilyApiKey"],
    }).filter(([, v]) => v !== undefined),
  );
  if (Object.keys(search).length > 0) out.search = search;
  if (settings.sandbox?.url) {
    out.sandbox = {
      kind: settings.sandbox.kind ?? "jupyter",
      url: settings.sandbox.url,
      ...(secrets["sandbox.token"] ? { token: secrets["sandbox.token"] } : {}),
    };
  }
  return out;
}
