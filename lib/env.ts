// Every setting Loupe reads, validated in one place. A bad value stops start-up with one sentence
// naming the variable and the fix (see `ConfigError`). Defaults are the embedded, one-machine mode.
// Documented for operators in .env.example; keep the two in step.
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./http/client-address";
import { parseAllowedHosts } from "./http/link-origin";
import { parseAllowList } from "./net/allow-list";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

function httpUrl(hint: string) {
  return optionalString.refine((v) => v === undefined || isHttpUrl(v), { message: hint });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function wholeNumber(defaultValue: number, min: number, max: number) {
  return optionalString
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), {
      message: `must be a whole number from ${min} to ${max}`,
    })
    .transform((v) => (v === undefined ? defaultValue : Number(v)));
}

function positiveInt(defaultValue: number, max = Number.MAX_SAFE_INTEGER) {
  return wholeNumber(defaultValue, 1, max);
}

/** true, false, or unset (the caller decides). */
const optionalBoolean = optionalString
  .refine((v) => v === undefined || /^(1|0|true|false|yes|no|on|off)$/i.test(v), { message: "must be true or false" })
  .transform((v) => (v === undefined ? undefined : /^(1|true|yes|on)$/i.test(v)));

function boolean(defaultValue: boolean) {
  return optionalString
    .refine((v) => v === undefined || /^(1|0|true|false|yes|no|on|off)$/i.test(v), {
      message: "must be true or false",
    })
    .transform((v) => (v === undefined ? defaultValue : /^(1|true|yes|on)$/i.test(v)));
}

export const MODEL_PROFILES = ["deepeyes-v2", "deepeyes-v1"] as const;
export type ModelProfileName = (typeof MODEL_PROFILES)[number];

const fields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt(3000, 65535),
  LOUPE_DATA_DIR: optionalString.transform((v) => path.resolve(/*turbopackIgnore: true*/ v ?? ".data")),
  PUBLIC_BASE_URL: httpUrl(
    "must be the http(s) URL people and providers reach Loupe at, e.g. https://loupe.example.com",
  ),
  /** Without PUBLIC_BASE_URL: the host[:port]s emailed and shared links may point to (lib/http/link-origin). */
  LOUPE_ALLOWED_HOSTS: optionalString
    .superRefine((v, ctx) => {
      const invalid = parseAllowedHosts(v).invalid;
      if (invalid !== undefined)
        ctx.addIssue({
          code: "custom",
          message: `must be host names or addresses with an optional port, separated by commas, e.g. loupe.lan,192.168.1.20:3000; "${invalid}" is not one`,
        });
    })
    .transform((v) => parseAllowedHosts(v).hosts),

  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: "must be a postgres:// URL (unset it to use the embedded database)",
  }),
  DATABASE_POOL_SIZE: positiveInt(10, 200),

  MODEL_BASE_URL: httpUrl("must be an OpenAI-compatible URL ending in /v1, e.g. http://gpu-box:8000/v1").refine(
    (v) => v === undefined || /\/v1\/?$/.test(v),
    { message: "must end in /v1, e.g. http://gpu-box:8000/v1" },
  ),
  MODEL_API_KEY: optionalString,
  MODEL_NAME: optionalString,
  MODEL_PROFILE: z
    .enum(MODEL_PROFILES, { message: `must be one of ${MODEL_PROFILES.join(", ")}` })
    .default("deepeyes-v2"),
  MODEL_IMAGE_TRANSPORT: z.enum(["data", "url"], { message: "must be data or url" }).default("data"),
  MODEL_PREFILL: boolean(true),
  MODEL_CONTEXT_LENGTH: positiveInt(32768, 10_000_000),
  MODEL_CONNECT_TIMEOUT_SECONDS: positiveInt(10, 3600),
  MODEL_FIRST_TOKEN_TIMEOUT_SECONDS: positiveInt(120, 3600),
  MODEL_STALL_TIMEOUT_SECONDS: positiveInt(60, 3600),

  SEARXNG_URL: httpUrl("must be the http(s) URL of a SearXNG instance with the JSON format enabled"),
  SERPER_API_KEY: optionalString,
  SERPAPI_API_KEY: optionalString,
  BRAVE_API_KEY: optionalString,
  TAVILY_API_KEY: optionalString,
  SEARCH_TEXT_PROVIDER: z
    .enum(["searxng", "serper", "serpapi", "brave", "tavily"], {
      message: "must be searxng, serper, serpapi, brave or tavily",
    })
    .optional(),
  SEARCH_IMAGE_PROVIDER: z.enum(["serpapi", "serper"], { message: "must be serpapi or serper" }).optional(),
  SERPER_BASE_URL: httpUrl("must be an http(s) URL"),
  SERPAPI_BASE_URL: httpUrl("must be an http(s) URL"),
  BRAVE_BASE_URL: httpUrl("must be an http(s) URL"),
  TAVILY_BASE_URL: httpUrl("must be an http(s) URL"),
  SEARCH_RESULT_COUNT: positiveInt(5, 20),
  SEARCH_TIMEOUT_MS: positiveInt(10_000, 600_000),
  /** Test hosts the thumbnail fetcher may reach although private: comma-separated address:port. */
  SEARCH_FETCH_ALLOW_PRIVATE: optionalString.transform((v) =>
    v
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  ),
  PUBLIC_IMAGE_TTL_MS: positiveInt(120_000, 3_600_000),
  PUBLIC_IMAGE_MAX_USES: positiveInt(1, 100),

  SANDBOX_URL: httpUrl("must be the http(s) URL of a Jupyter Server, Enterprise Gateway or jupyter_sandbox"),
  SANDBOX_TOKEN: optionalString,
  SANDBOX_KIND: z
    .enum(["local", "jupyter", "jupyter_sandbox"], { message: "must be local, jupyter or jupyter_sandbox" })
    .optional(),
  SANDBOX_KERNEL_NAME: optionalString,
  SANDBOX_CELL_TIMEOUT_SECONDS: positiveInt(200, 3600),
  SANDBOX_FAITHFUL: boolean(true),
  SANDBOX_POOL_SIZE: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || /^\d+$/.test(v), {
      message: "must be a whole number (0 turns the pool off)",
    })
    .transform((v) => (v === undefined || v === "" ? 2 : Number(v))),
  SANDBOX_IDLE_MINUTES: positiveInt(30, 24 * 60),
  SANDBOX_MEMORY_MB: positiveInt(4096, 1_000_000),
  /** Live Python kernels per instance at most (unset: sized to the machine's memory). */
  LOUPE_MAX_KERNELS: optionalString
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 10_000), {
      message: "must be a whole number from 1 to 10000",
    })
    .transform((v) => (v === undefined ? undefined : Number(v))),

  /** An S3-compatible bucket for image blobs, shared by every instance (unset: disk or database). */
  S3_BUCKET: optionalString.refine((v) => v === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), {
    message: "must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens",
  }),
  S3_ENDPOINT: httpUrl(
    "must be the http(s) URL of an S3-compatible service, e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000",
  ),
  S3_REGION: optionalString.transform((v) => v ?? "us-east-1"),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_PREFIX: optionalString
    .refine((v) => v === undefined || /^[\w./-]*$/.test(v), {
      message: "may hold only letters, digits and . _ - /",
    })
    .transform((v) => (v === undefined ? "loupe/blobs/" : v.replace(/^\/+/, "").replace(/\/*$/, "/"))),
  /** Bucket in the path (MinIO and most S3-compatible services) rather than the host name. */
  S3_FORCE_PATH_STYLE: optionalBoolean,

  SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\//.test(v), {
    message: "must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@mail.example.com:465",
  }),
  SMTP_FROM: optionalString,
  /** Sign-in and sign-up attempts allowed per client address per minute. */
  AUTH_RATE_LIMIT_PER_MINUTE: positiveInt(10, 10_000),
  /** Failed sign-ins per account from one address before each further attempt waits (doubling, up to 5 minutes). */
  AUTH_FAILED_SIGNINS_PER_ACCOUNT: positiveInt(10, 10_000),
  /** The header carrying the client address when Loupe is behind a proxy that sets it. */
  AUTH_CLIENT_IP_HEADER: optionalString.transform((v) => (v ?? "x-forwarded-for").toLowerCase()),
  /** Proxies (IPs, CIDR ranges) whose AUTH_CLIENT_IP_HEADER is believed; none by default (lib/http/client-address). */
  LOUPE_TRUSTED_PROXIES: optionalString
    .superRefine((v, ctx) => {
      const invalid = parseTrustedProxies(v).invalid;
      if (invalid !== undefined)
        ctx.addIssue({
          code: "custom",
          message: `must be IP addresses or CIDR ranges separated by commas, e.g. 127.0.0.1,10.0.0.0/8; "${invalid}" is not one`,
        });
    })
    .transform((v) => parseTrustedProxies(v).entries),

  LOUPE_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: "must be at least 32 characters (generate one with: openssl rand -base64 32)",
  }),
  /** 0: this instance runs no questions, it only serves the app and viewers (PostgreSQL only). */
  LOUPE_MAX_RUNNING: wholeNumber(16, 0, 10_000),
  LOUPE_MAX_RUNNING_PER_WORKSPACE: positiveInt(4, 10_000),
  /** A running run whose process has not written for this long is taken as interrupted. */
  LOUPE_RUN_STALE_SECONDS: positiveInt(30, 3600),
  LOUPE_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LOUPE_SANDBOX_ENABLED: boolean(true),
  /**
   * Hosts and address ranges a workspace's model, SearXNG or sandbox URL may point to although they
   * are private (loopback, LAN, link-local…): comma-separated, e.g. gpu-box,10.0.0.0/8. Merged with
   * the instance admin's setting. The server's own MODEL_BASE_URL, SEARXNG_URL and SANDBOX_URL need no entry.
   */
  LOUPE_ALLOW_PRIVATE_ENDPOINTS: optionalString
    .superRefine((v, ctx) => {
      const problem = v === undefined ? undefined : parseAllowList(v).problem;
      if (problem) ctx.addIssue({ code: "custom", message: `has an entry it cannot read: ${problem}` });
    })
    .transform((v) => (v === undefined ? [] : parseAllowList(v).entries)),
});

/** Settings that only make sense together. */
const schema = fields.superRefine((e, ctx) => {
  if (e.LOUPE_MAX_RUNNING === 0 && !e.DATABASE_URL)
    ctx.addIssue({
      code: "custom",
      path: ["LOUPE_MAX_RUNNING"],
      message:
        "can be 0 (an instance that runs no questions, only serves the app) only with DATABASE_URL, where other instances run them; on the embedded database nothing would",
    });
  const s3 = ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;
  if (!e.S3_BUCKET) {
    const stray = s3.find((name) => e[name] !== undefined);
    if (stray) ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: `is needed when ${stray} is set` });
    return;
  }
  for (const name of ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
    if (!e[name]) ctx.addIssue({ code: "custom", path: [name], message: "is needed when S3_BUCKET is set" });
  }
});

export type Env = z.infer<typeof schema>;

/** Configuration that cannot work, with a sentence naming the variable and the fix. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Validate a set of variables (default: the process environment). Throws `ConfigError`. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? "configuration");
  const shown = source[variable];
  const got = shown === undefined ? "" : ` (got "${redact(variable, shown)}")`;
  throw new ConfigError(
    variable,
    `${variable} ${issue.message}${got}. Fix it in .env or the environment and start again.`,
  );
}

function redact(variable: string, value: string): string {
  if (/KEY|TOKEN|SECRET|PASSWORD/.test(variable)) return "…";
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}

let cached: Env | undefined;

/** The validated environment of this process, parsed once. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Which search providers have credentials or a URL; the first decides the default. */
export function configuredSearchProviders(e: Env = env()): string[] {
  const providers: string[] = [];
  if (e.SEARXNG_URL) providers.push("searxng");
  if (e.SERPER_API_KEY) providers.push("serper");
  if (e.SERPAPI_API_KEY) providers.push("serpapi");
  if (e.BRAVE_API_KEY) providers.push("brave");
  if (e.TAVILY_API_KEY) providers.push("tavily");
  return providers;
}
