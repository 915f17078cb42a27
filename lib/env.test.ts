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
  ])("rejects %o with one sentence naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("lists configured search providers", () => {
    const e = parseEnv({ SEARXNG_URL: "http://searx:8080", TAVILY_API_KEY: "k" });
    expect(configuredSearchProviders(e)).toEqual(["searxng", "tavily"]);
  });
});
