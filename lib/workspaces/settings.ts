// The per-workspace settings model: what an admin may set (model endpoint, search providers,
// sandbox backend), validated here, and which of those are secrets (write-only, stored encrypted).
// Pure. An unset field means "use the instance default from the environment".
import { z } from "zod";
import { MODEL_PROFILES } from "@/lib/env";

function httpUrl(hint: string) {
  return z
    .string()
    .trim()
    .max(2048)
    .refine(
      (v) => {
        try {
          return ["http:", "https:"].includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: hint },
    );
}

export const workspaceSettingsSchema = z
  .object({
    model: z
      .object({
        baseUrl: httpUrl("must be an http(s) URL ending in /v1").refine((v) => /\/v1\/?$/.test(v), {
          message: "must end in /v1, e.g. http://gpu-box:8000/v1",
        }),
        name: z.string().trim().min(1).max(200),
        profile: z.enum(MODEL_PROFILES),
        imageTransport: z.enum(["data", "url"]),
      })
      .partial()
      .strict(),
    search: z
      .object({
        textProvider: z.enum(["searxng", "serper", "serpapi", "brave", "tavily"]),
        imageProvider: z.enum(["serpapi", "serper"]),
        searxngUrl: httpUrl("must be the http(s) URL of a SearXNG instance"),
      })
      .partial()
      .strict(),
    sandbox: z
      .object({
        kind: z.enum(["jupyter", "jupyter_sandbox"]),
        url: httpUrl("must be the http(s) URL of a Jupyter Server, Enterprise Gateway or jupyter_sandbox"),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const SECRET_NAMES = [
  "model.apiKey",
  "search.serperApiKey",
  "search.serpapiApiKey",
  "search.braveApiKey",
  "search.tavilyApiKey",
  "sandbox.token",
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export const settingsUpdateSchema = z
  .object({
    settings: workspaceSettingsSchema.optional(),
    /** A new value sets the secret, null clears it; absent secrets are left as they are. */
    secrets: z.partialRecord(z.enum(SECRET_NAMES), z.string().trim().min(1).max(4096).nullable()).optional(),
  })
  .strict();
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/** Stored settings that no longer validate (an older version, a hand edit) read as "not set". */
export function parseStoredSettings(raw: unknown): WorkspaceSettings {
  const parsed = workspaceSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

/** What the API and settings pages show: settings, and only whether each secret is set. */
export function publicSettings(settings: WorkspaceSettings, secretNames: Iterable<string>) {
  const present = new Set(secretNames);
  return {
    settings,
    secrets: Object.fromEntries(SECRET_NAMES.map((name) => [name, { set: present.has(name) }])) as Record<
      SecretName,
      { set: boolean }
    >,
  };
}

/** Merge an update into stored settings; `null` sections or fields are not accepted, omit them instead. */
export function mergeSettings(current: WorkspaceSettings, update: WorkspaceSettings): WorkspaceSettings {
  const merged: WorkspaceSettings = { ...current };
  for (const section of ["model", "search", "sandbox"] as const) {
    const next = update[section];
    if (next === undefined) continue;
    // An empty section object resets that section to the instance defaults.
    if (Object.keys(next).length === 0) delete merged[section];
    else Object.assign(merged, { [section]: { ...current[section], ...next } });
  }
  return merged;
}
