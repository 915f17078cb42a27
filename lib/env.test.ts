import { describe, expect, it } from "vitest";
import { ConfigError, configuredSearchProviders, parseEnv } from "./env";

describe("parseEnv", () => {
  it("gives embedded defaults for an empty environment", () => {
    const e = parseEnv({});
    expect(e.PORT).toBe(3000);
    expect(e.MODEL_PROFILE).toBe("deepeyes-v2");
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.LOUPE_DATA_DIR.endsWith(".data")).toBe(true);
    expect(configuredSearchProviders(e)).toEqual([]);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", MODEL_BASE_URL: " " }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ MODEL_BASE_URL: "http://gpu:8000" }, /^MODEL_BASE_URL must end in \/v1/],
    [{ MODEL_BASE_URL: "gpu:8000/v1" }, /^MODEL_BASE_URL must be an OpenAI-compatible URL/],
    [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL must be a postgres:\/\/ URL/],
    [{ PORT: "70000" }, /^PORT must be a whole number from 1 to 65535 \(got "70000"\)/],
    [{ MODEL_PROFILE: "gpt" }, /^MODEL_PROFILE must be one of deepeyes-v2, deepeyes-v1/],
    [{ LOUPE_SECRET: "short" }, /^LOUPE_SECRET must be at least 32 characters.*\(got "…"\)/],
    [{ S3_BUCKET: "images" }, /^S3_ACCESS_KEY_ID is needed when S3_BUCKET is set/],
    [{ S3_BUCKET: "images", S3_ACCESS_KEY_ID: "AK" }, /^S3_SECRET_ACCESS_KEY is needed when S3_BUCKET is set/],
    [{ S3_ENDPOINT: "http://minio:9000" }, /^S3_BUCKET is needed when S3_ENDPOINT is set/],
    [{ S3_BUCKET: "Bad_Bucket" }, /^S3_BUCKET must be a bucket name/],
    [{ S3_ENDPOINT: "minio:9000", S3_BUCKET: "images" }, /^S3_ENDPOINT must be the http\(s\) URL/],
    [{ S3_FORCE_PATH_STYLE: "maybe" }, /^S3_FORCE_PATH_STYLE must be true or false/],
    [{ LOUPE_MAX_RUNNING: "-1" }, /^LOUPE_MAX_RUNNING must be a whole number from 0 to 10000 \(got "-1"\)/],
    [{ LOUPE_MAX_RUNNING: "0" }, /^LOUPE_MAX_RUNNING can be 0 .* only with DATABASE_URL.*\(got "0"\)/],
    [{ LOUPE_MAX_RUNNING_PER_WORKSPACE: "0" }, /^LOUPE_MAX_RUNNING_PER_WORKSPACE must be a whole number from 1/],
    [
      { LOUPE_ALLOW_PRIVATE_ENDPOINTS: "gpu-box,10.0.0.0/33" },
      /^LOUPE_ALLOW_PRIVATE_ENDPOINTS has an entry it cannot read: "10\.0\.0\.0\/33" has a prefix length that is not a number from 0 to 32/,
    ],
    [
      { LOUPE_ALLOW_PRIVATE_ENDPOINTS: "http://gpu-box:8000" },
      /^LOUPE_ALLOW_PRIVATE_ENDPOINTS has an entry it cannot read: .* is neither a host name nor an address range/,
    ],
  ])("rejects %o with one sentence naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("reads a complete S3 configuration, with a normalised prefix", () => {
    const e = parseEnv({
      S3_BUCKET: "loupe-images",
      S3_ACCESS_KEY_ID: "AK",
      S3_SECRET_ACCESS_KEY: "SK",
      S3_PREFIX: "/team/images",
      S3_FORCE_PATH_STYLE: "false",
    });
    expect(e).toMatchObject({ S3_BUCKET: "loupe-images", S3_REGION: "us-east-1", S3_PREFIX: "team/images/" });
    expect(e.S3_FORCE_PATH_STYLE).toBe(false);
    expect(parseEnv({}).S3_PREFIX).toBe("loupe/blobs/");
    expect(parseEnv({}).S3_FORCE_PATH_STYLE).toBeUndefined();
  });

  it("takes LOUPE_MAX_RUNNING=0 (an instance that only serves the app) on PostgreSQL", () => {
    expect(parseEnv({ LOUPE_MAX_RUNNING: "0", DATABASE_URL: "postgres://db/loupe" }).LOUPE_MAX_RUNNING).toBe(0);
    expect(parseEnv({}).LOUPE_MAX_RUNNING).toBe(16);
  });

  it("reads the hosts and address ranges workspaces' endpoints may reach although private", () => {
    expect(parseEnv({}).LOUPE_ALLOW_PRIVATE_ENDPOINTS).toEqual([]);
    expect(
      parseEnv({ LOUPE_ALLOW_PRIVATE_ENDPOINTS: " gpu-box, 10.0.0.0/8,fd00::/8 " }).LOUPE_ALLOW_PRIVATE_ENDPOINTS,
    ).toEqual(["gpu-box", "10.0.0.0/8", "fd00::/8"]);
  });

  it("lists configured search providers", () => {
    const e = parseEnv({ SEARXNG_URL: "http://searx:8080", TAVILY_API_KEY: "k" });
    expect(configuredSearchProviders(e)).toEqual(["searxng", "tavily"]);
  });
});
