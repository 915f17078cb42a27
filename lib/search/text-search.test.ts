// Text search against local fakes of every provider, for every fault in issue 7.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PortError } from "@/lib/agent/ports";
import { FAKE_API_KEY, startFakeProvider, type FakeProvider } from "@/e2e/mocks/search/fake-provider";
import type { ProviderKind } from "@/e2e/mocks/search/fixtures";
import { startLocalServer } from "@/e2e/mocks/search/http-server";
import type { SearchConfig } from "./config";
import { createSearch } from "./create-search";
import { formatTextSearchObservation } from "./format";
import { LIMITS } from "./sanitize";

const KINDS: ProviderKind[] = ["searxng", "serper", "serpapi", "brave", "tavily"];
const fakes = {} as Record<ProviderKind, FakeProvider>;

beforeAll(async () => {
  for (const k of KINDS) fakes[k] = await startFakeProvider(k);
});
afterAll(async () => {
  await Promise.all(KINDS.map((k) => fakes[k].close()));
});

/** The same settings production uses, pointed at the fakes. */
function configFor(kind: ProviderKind, extra: Partial<SearchConfig> = {}): SearchConfig {
  const url = fakes[kind].url;
  const base: Record<ProviderKind, SearchConfig> = {
    searxng: { searxngUrl: url },
    serper: { serperApiKey: FAKE_API_KEY, baseUrls: { serper: url } },
    serpapi: { serpapiApiKey: FAKE_API_KEY, baseUrls: { serpapi: url } },
    brave: { braveApiKey: FAKE_API_KEY, baseUrls: { brave: url } },
    tavily: { tavilyApiKey: FAKE_API_KEY, baseUrls: { tavily: url } },
  };
  return { ...base[kind], timeoutMs: 2_000, ...extra };
}

let session = 0;
const sid = () => `s${++session}`;

async function portError(p: Promise<unknown>): Promise<PortError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PortError);
  return e as PortError;
}

describe.each(KINDS)("%s", (kind) => {
  it("maps the documented response to 5 hits with title, link, snippet and date", async () => {
    const search = createSearch(configFor(kind));
    expect(search.capabilities.text).toBe(true);
    const hits = await search.text({ sessionId: sid(), query: "eiffel tower" });
    expect(hits).toHaveLength(5);
    expect(hits[0]).toEqual({
      title: "Result 1 for eiffel tower",
      link: "https://example.org/1",
      snippet: "Snippet 1 about eiffel tower.",
    });
    expect(hits[1]?.date).toMatch(/^2024-01-01/);
  });

  it("sends the key the way the provider documents", async () => {
    await createSearch(configFor(kind)).text({ sessionId: sid(), query: "key check" });
    const req = fakes[kind].requests.at(-1)!;
    const keyWhere: Record<ProviderKind, string | undefined> = {
      searxng: undefined,
      serper: req.headers["x-api-key"] as string,
      serpapi: req.params.get("api_key") ?? undefined,
      brave: req.headers["x-subscription-token"] as string,
      tavily: (req.headers.authorization as string)?.replace("Bearer ", ""),
    };
    expect(keyWhere[kind]).toBe(kind === "searxng" ? undefined : FAKE_API_KEY);
  });

  it("reports a rejected key as search_auth with a plain sentence", async () => {
    const cfg = configFor(kind);
    const search = createSearch(kind === "searxng" ? cfg : { ...cfg, [`${kind}ApiKey`]: "wrong" });
    if (kind === "searxng") fakes.searxng.setFault("auth", 1);
    const e = await portError(search.text({ sessionId: sid(), query: "q" }));
    expect(e.code).toBe("search_auth");
    expect(e.message).toMatch(/refused the request \(HTTP (401|403|422)\)/);
  });

  it("waits out a short Retry-After once, then succeeds", async () => {
    fakes[kind].setFault("rate_limited", 1);
    const before = fakes[kind].requests.length;
    const hits = await createSearch(configFor(kind)).text({ sessionId: sid(), query: "busy" });
    expect(hits).toHaveLength(5);
    expect(fakes[kind].requests.length - before).toBe(2);
  });

  it("gives up on a long Retry-After with search_rate_limited", async () => {
    fakes[kind].setFault("rate_limited_long", 1);
    const e = await portError(createSearch(configFor(kind)).text({ sessionId: sid(), query: "busy" }));
    expect(e.code).toBe("search_rate_limited");
    expect(e.message).toMatch(/is limiting how often we can search \(HTTP 429\)\. Try again in about 120 s\.$/);
  });

  it("reports a 5xx as search_bad_response", async () => {
    fakes[kind].setFault("server_error", 1);
    const e = await portError(createSearch(configFor(kind)).text({ sessionId: sid(), query: "down" }));
    expect(e.code).toBe("search_bad_response");
    expect(e.message).toMatch(/failed with HTTP 503/);
  });

  it("reports a provider that never answers as search_timeout", async () => {
    fakes[kind].setFault("timeout", 1);
    const e = await portError(
      createSearch(configFor(kind, { timeoutMs: 300 })).text({ sessionId: sid(), query: "slow" }),
    );
    expect(e.code).toBe("search_timeout");
    expect(e.message).toMatch(/did not answer within 0\.3 s\.$/);
  });

  it("reports malformed JSON and wrong shapes as search_bad_response", async () => {
    fakes[kind].setFault("malformed", 1);
    const e1 = await portError(createSearch(configFor(kind)).text({ sessionId: sid(), query: "x" }));
    expect(e1).toMatchObject({ code: "search_bad_response", message: expect.stringMatching(/not valid JSON\.$/) });
    fakes[kind].setFault("wrong_shape", 1);
    const e2 = await portError(createSearch(configFor(kind)).text({ sessionId: sid(), query: "x" }));
    expect(e2).toMatchObject({
      code: "search_bad_response",
      message: expect.stringMatching(/^Unexpected answer from /),
    });
  });

  it("turns a documented empty answer into zero hits", async () => {
    fakes[kind].setFault("empty", 1);
    const hits = await createSearch(configFor(kind)).text({ sessionId: sid(), query: "zxqv" });
    expect(hits).toEqual([]);
    expect(formatTextSearchObservation("zxqv", hits)).toContain("found 0 results");
  });

  it("caps 50 KB titles and snippets", async () => {
    fakes[kind].setFault("huge_titles", 1);
    const hits = await createSearch(configFor(kind)).text({ sessionId: sid(), query: "big" });
    expect(hits).toHaveLength(5);
    for (const h of hits) {
      expect(Array.from(h.title).length).toBeLessThanOrEqual(LIMITS.title);
      expect(Array.from(h.snippet ?? "").length).toBeLessThanOrEqual(LIMITS.snippet);
    }
    expect(formatTextSearchObservation("big", hits).length).toBeLessThan(5 * (LIMITS.title + LIMITS.snippet + 100));
  });

  it("strips HTML from titles and snippets", async () => {
    fakes[kind].setFault("html_titles", 1);
    const hits = await createSearch(configFor(kind)).text({ sessionId: sid(), query: "html" });
    expect(hits[0]?.title).toBe("Bold 1 & alert(0)");
    expect(hits[0]?.snippet).toBe("A snippet with <tags> and a newline");
  });

  it("drops javascript: and data: links", async () => {
    fakes[kind].setFault("javascript_links", 1);
    const hits = await createSearch(configFor(kind)).text({ sessionId: sid(), query: "js" });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.link).toMatch(/^https:\/\/example\.org\//);
  });
});

describe("per-conversation cache", () => {
  it("answers an identical query in the same conversation from memory", async () => {
    const search = createSearch(configFor("serper"));
    const before = fakes.serper.requests.length;
    const s = sid();
    const [a, b] = await Promise.all([
      search.text({ sessionId: s, query: "same" }),
      search.text({ sessionId: s, query: "same" }),
    ]);
    const c = await search.text({ sessionId: s, query: "same" });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(fakes.serper.requests.length - before).toBe(1);
    await search.text({ sessionId: sid(), query: "same" });
    expect(fakes.serper.requests.length - before).toBe(2);
  });

  it("does not remember failures", async () => {
    const search = createSearch(configFor("serper"));
    const s = sid();
    fakes.serper.setFault("server_error", 1);
    await portError(search.text({ sessionId: s, query: "flaky" }));
    expect(await search.text({ sessionId: s, query: "flaky" })).toHaveLength(5);
  });
});

describe("configuration", () => {
  it("with no provider, text search is off and says so", async () => {
    const search = createSearch({});
    expect(search.capabilities).toEqual({ text: false, image: false });
    const e = await portError(search.text({ sessionId: "s", query: "q" }));
    expect(e.code).toBe("search_not_configured");
    expect(e.message).toBe(search.unavailable.text);
    expect(await search.health()).toEqual({
      status: "not_configured",
      reason: "No search provider is configured.",
      latencyMs: 0,
    });
  });

  it("prefers SearXNG, then Serper, SerpAPI, Brave, Tavily; an explicit choice wins", async () => {
    const all = {
      ...configFor("serper"),
      ...configFor("tavily"),
      baseUrls: { serper: fakes.serper.url, tavily: fakes.tavily.url },
    };
    const before = fakes.serper.requests.length;
    await createSearch(all).text({ sessionId: sid(), query: "order" });
    expect(fakes.serper.requests.length).toBe(before + 1);
    const beforeT = fakes.tavily.requests.length;
    await createSearch({ ...all, textProvider: "tavily" }).text({ sessionId: sid(), query: "order" });
    expect(fakes.tavily.requests.length).toBe(beforeT + 1);
  });

  it("refuses a forced provider without its key, naming the setting", () => {
    expect(() => createSearch({ textProvider: "brave" })).toThrow(
      "SEARCH_TEXT_PROVIDER is brave, but BRAVE_API_KEY is not set.",
    );
  });

  it("reports an unreachable provider as search_unavailable", async () => {
    const gone = await startLocalServer(() => undefined);
    await gone.close();
    const e = await portError(createSearch({ searxngUrl: gone.url }).text({ sessionId: "s", query: "q" }));
    expect(e).toMatchObject({ code: "search_unavailable", message: "Could not reach SearXNG (ECONNREFUSED)." });
  });

  it("does not call a provider for an empty query", async () => {
    const before = fakes.serper.requests.length;
    expect(await createSearch(configFor("serper")).text({ sessionId: sid(), query: "   " })).toEqual([]);
    expect(fakes.serper.requests.length).toBe(before);
  });
});

describe("health", () => {
  it("probes SearXNG live", async () => {
    expect(await createSearch(configFor("searxng")).health()).toMatchObject({
      status: "ok",
      reason: "SearXNG answered a test search.",
    });
    fakes.searxng.setFault("server_error", 1);
    expect(await createSearch(configFor("searxng")).health()).toMatchObject({
      status: "down",
      reason: "SearXNG failed with HTTP 503.",
    });
  });

  it("checks the SerpAPI key with the free Account API", async () => {
    expect(await createSearch(configFor("serpapi")).health()).toMatchObject({ status: "ok" });
    expect(fakes.serpapi.requests.at(-1)?.path).toBe("/account.json");
    const bad = await createSearch({ ...configFor("serpapi"), serpapiApiKey: "nope" }).health();
    expect(bad.status).toBe("down");
    expect(bad.reason).toMatch(/^SerpAPI refused the request \(HTTP 401\): Invalid API key/);
  });

  it("reports pay-per-call providers from their last real search", async () => {
    const search = createSearch({ ...configFor("brave"), braveApiKey: "wrong" });
    expect(await search.health()).toMatchObject({
      status: "ok",
      reason: "Brave Search is configured; no search has run yet.",
    });
    await portError(search.text({ sessionId: sid(), query: "q" }));
    expect(await search.health()).toMatchObject({
      status: "down",
      reason:
        "Brave Search refused the request (HTTP 422): The provided subscription token is invalid. Check BRAVE_API_KEY.",
    });
  });
});
