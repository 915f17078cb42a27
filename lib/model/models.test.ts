import { describe, expect, it } from "vitest";
import { listModels, parseModelList } from "./models";

describe("parseModelList", () => {
  it("reads vLLM's list with context lengths (the model check's shape)", () => {
    const body = {
      object: "list",
      data: [
        { id: "DeepEyesV2", object: "model", max_model_len: 32768 },
        { id: "other", object: "model", max_model_len: 8192 },
      ],
    };
    expect(parseModelList(body)).toEqual([
      { id: "DeepEyesV2", maxModelLen: 32768 },
      { id: "other", maxModelLen: 8192 },
    ]);
  });

  it("reads a list of bare ids without context lengths (the discovery's shape)", () => {
    expect(parseModelList({ data: [{ id: "m1" }, { id: "m2" }] })).toEqual([{ id: "m1" }, { id: "m2" }]);
    expect(parseModelList({ data: [{ id: "m1", max_model_len: "32768" }] })).toEqual([{ id: "m1" }]);
  });

  it("lists nothing for bodies that name no model, without throwing", () => {
    for (const body of [null, undefined, "text", 42, [], {}, { data: null }, { data: {} }, { data: "m1" }])
      expect(parseModelList(body)).toEqual([]);
    expect(parseModelList({ data: [null, 3, {}, { id: "" }, { id: 7 }, { id: "ok" }] })).toEqual([{ id: "ok" }]);
  });
});

function fakeFetch(respond: (url: string, init: RequestInit | undefined) => Response): {
  fetch: typeof fetch;
  calls: { url: string; init: RequestInit | undefined }[];
} {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fn = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push({ url, init });
    return Promise.resolve(respond(url, init));
  };
  return { fetch: fn, calls };
}

describe("listModels", () => {
  it("sends GET {base}/models with the key and returns the parsed list", async () => {
    const fake = fakeFetch(() => Response.json({ data: [{ id: "m", max_model_len: 4096 }] }));
    const listing = await listModels({ baseUrl: "http://vllm.test/v1//", apiKey: "k", fetch: fake.fetch });
    expect(listing).toMatchObject({ ok: true, models: [{ id: "m", maxModelLen: 4096 }] });
    expect(listing.latencyMs).toBeGreaterThanOrEqual(0);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.url).toBe("http://vllm.test/v1/models");
    expect(fake.calls[0]!.init?.headers).toEqual({ authorization: "Bearer k" });
    expect(fake.calls[0]!.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it("sends no authorization without a key, and lists nothing for a body that is not JSON", async () => {
    const fake = fakeFetch(() => new Response("<html>", { status: 200 }));
    expect(await listModels({ baseUrl: "http://vllm.test/v1", fetch: fake.fetch })).toMatchObject({
      ok: true,
      models: [],
    });
    expect(fake.calls[0]!.init?.headers).toEqual({});
  });

  it("returns a refusal's status and body", async () => {
    const fake = fakeFetch(() => new Response("bad key", { status: 401 }));
    expect(await listModels({ baseUrl: "http://vllm.test/v1", fetch: fake.fetch })).toMatchObject({
      ok: false,
      status: 401,
      body: "bad key",
    });
  });

  it("throws what fetch throws", async () => {
    const failing = (() => Promise.reject(new TypeError("fetch failed"))) as typeof fetch;
    await expect(listModels({ baseUrl: "http://vllm.test/v1", fetch: failing })).rejects.toThrow("fetch failed");
  });
});
