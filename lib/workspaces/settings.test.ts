import { describe, expect, it } from "vitest";
import { mergeSettings, parseStoredSettings, publicSettings, settingsUpdateSchema } from "./settings";
import { overridesFrom } from "./settings-store";

describe("workspace settings", () => {
  it("accepts a valid update and refuses bad URLs and unknown fields", () => {
    expect(
      settingsUpdateSchema.safeParse({
        settings: { model: { baseUrl: "http://gpu:8000/v1" } },
        secrets: { "model.apiKey": "k" },
      }).success,
    ).toBe(true);
    expect(settingsUpdateSchema.safeParse({ settings: { model: { baseUrl: "http://gpu:8000" } } }).success).toBe(false);
    expect(settingsUpdateSchema.safeParse({ settings: { model: { baseUrl: "file:///etc/v1" } } }).success).toBe(false);
    expect(settingsUpdateSchema.safeParse({ settings: { model: { apiKey: "in the clear" } } }).success).toBe(false);
    expect(settingsUpdateSchema.safeParse({ secrets: { "other.secret": "x" } }).success).toBe(false);
  });

  it("shows secrets only as set or not", () => {
    const view = publicSettings({ model: { name: "m" } }, ["model.apiKey"]);
    expect(view.secrets["model.apiKey"]).toEqual({ set: true });
    expect(view.secrets["sandbox.token"]).toEqual({ set: false });
    expect(JSON.stringify(view)).not.toMatch(/ciphertext/);
  });

  it("merges field by field, and an empty section resets it", () => {
    const current = { model: { baseUrl: "http://a/v1", name: "x" }, search: { textProvider: "brave" as const } };
    expect(mergeSettings(current, { model: { name: "y" } })).toEqual({
      model: { baseUrl: "http://a/v1", name: "y" },
      search: { textProvider: "brave" },
    });
    expect(mergeSettings(current, { search: {} })).toEqual({ model: { baseUrl: "http://a/v1", name: "x" } });
  });

  it("reads damaged stored settings as unset", () => {
    expect(parseStoredSettings({ model: { baseUrl: 42 } })).toEqual({});
    expect(parseStoredSettings(null)).toEqual({});
  });

  it("turns settings and secrets into run overrides, ignoring a model key without a model server", () => {
    expect(overridesFrom({}, { "model.apiKey": "k" })).toEqual({});
    expect(
      overridesFrom(
        {
          model: { baseUrl: "http://gpu/v1", name: "m" },
          search: { textProvider: "brave" },
          sandbox: { url: "http://sb" },
        },
        { "model.apiKey": "k", "search.braveApiKey": "b", "sandbox.token": "t" },
      ),
    ).toEqual({
      model: { baseUrl: "http://gpu/v1", apiKey: "k", name: "m" },
      search: { textProvider: "brave", braveApiKey: "b" },
      sandbox: { kind: "jupyter", url: "http://sb", token: "t" },
    });
  });
});
