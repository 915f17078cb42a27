// A local fake of one search provider, answering at the provider's documented paths with its
// documented bodies, plus every fault of issue 7. Point the app at it with the same settings
// production uses (SEARXNG_URL, SERPER_BASE_URL, SERPAPI_BASE_URL, BRAVE_BASE_URL, TAVILY_BASE_URL).
//
// A fault is chosen either by `setFault(name, times)` or, for end-to-end runs where only the
// model's query can be scripted, by a query containing `fault:<name>`.

import type http from "node:http";
import {
  authError,
  defaultHits,
  emptyBody,
  lensBody,
  textBody,
  type FixtureHit,
  type FixtureMatch,
  type ProviderKind,
} from "./fixtures";
import { IMAGE_HOST_ROUTES } from "./image-host";
import { sendJson, startLocalServer, type LocalServer } from "./http-server";

export const FAULTS = [
  "auth",
  "rate_limited", // 429 with Retry-After: 1 (a bounded wait, then retry)
  "rate_limited_long", // 429 with Retry-After: 120
  "server_error",
  "timeout",
  "malformed",
  "wrong_shape",
  "empty",
  "huge_titles",
  "html_titles",
  "javascript_links",
  // Lens only: what the thumbnails do.
  "thumb_huge",
  "thumb_giant_pixels",
  "thumb_not_image",
  "thumb_fake_png",
  "thumb_redirect_internal",
  "thumb_slow",
] as const;
export type Fault = (typeof FAULTS)[number];

export interface RecordedRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface FakeProvider extends LocalServer {
  kind: ProviderKind;
  requests: RecordedRequest[];
  /** What the fake Lens endpoint got when it fetched the image URL it was given. */
  imageFetches: Array<{ url: string; status: number; contentType: string | null; bytes: Uint8Array }>;
  /** Apply `fault` to the next `times` requests (default: until cleared). */
  setFault(fault: Fault | null, times?: number): void;
}

export interface FakeProviderOptions {
  /** The key the fake accepts; any other key gets the provider's documented auth error. */
  apiKey?: string;
  /** Where Lens thumbnails point (the fake image host). */
  imageHostUrl?: string;
}

export const FAKE_API_KEY = "test-key";

export async function startFakeProvider(kind: ProviderKind, options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const apiKey = options.apiKey ?? FAKE_API_KEY;
  const requests: RecordedRequest[] = [];
  const imageFetches: FakeProvider["imageFetches"] = [];
  let fault: Fault | null = null;
  let faultTimes = Infinity;

  const takeFault = (query: string): Fault | null => {
    const inQuery = /fault:([a-z_]+)/.exec(query)?.[1] as Fault | undefined;
    if (inQuery && (FAULTS as readonly string[]).includes(inQuery)) return inQuery;
    if (!fault || faultTimes <= 0) return null;
    faultTimes -= 1;
    return fault;
  };

  const server = await startLocalServer(async (req, res, raw) => {
    const url = new URL(req.url ?? "/", "http://fake");
    let body: unknown = undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      params: url.searchParams,
      headers: req.headers,
      body,
    });
    const route = routeOf(kind, req.method ?? "GET", url, body, req.headers);
    if (!route) return sendJson(res, 404, { error: "Not found" });
    if (route.key !== null && route.key !== apiKey) {
      const e = authError(route.lens ? (`${kind}-lens` as "serper-lens") : kind);
      return sendJson(res, e.status, e.body);
    }
    const f = takeFault(route.query);
    if (f === "timeout") return; // never answer
    if (f === "auth") {
      const e = authError(route.lens ? (`${kind}-lens` as "serper-lens") : kind);
      return sendJson(res, e.status, e.body);
    }
    if (f === "rate_limited") return sendJson(res, 429, { error: "Too many requests" }, { "retry-after": "1" });
    if (f === "rate_limited_long") return sendJson(res, 429, { error: "Too many requests" }, { "retry-after": "120" });
    if (f === "server_error") return sendJson(res, 503, { error: "Service temporarily unavailable" });
    if (f === "malformed") return sendJson(res, 200, '{"results": [{"title": "cut off');
    if (f === "wrong_shape") return sendJson(res, 200, wrongShape(kind, route.lens));

    if (route.lens) {
      const fetched = await fetchImage(route.query);
      imageFetches.push(fetched);
      if (fetched.status !== 200) return sendJson(res, 400, { error: "Couldn't fetch the image at the given url." });
      if (f === "empty")
        return sendJson(
          res,
          200,
          kind === "serpapi"
            ? {
                search_metadata: { status: "Success" },
                error: "Google Lens hasn't returned any results for this query.",
              }
            : lensBody("serper", route.query, []),
        );
      return sendJson(
        res,
        200,
        lensBody(kind as "serpapi" | "serper", route.query, lensMatches(options.imageHostUrl ?? "", f)),
      );
    }
    if (f === "empty") return sendJson(res, 200, emptyBody(kind, route.query));
    return sendJson(res, 200, textBody(kind, route.query, textHits(route.query, f)));
  });

  return {
    ...server,
    kind,
    requests,
    imageFetches,
    setFault(next, times = Infinity) {
      fault = next;
      faultTimes = times;
    },
  };
}

interface Route {
  /** The text query, or the image URL for Lens. */
  query: string;
  /** The key the request carried; null for keyless SearXNG. */
  key: string | null;
  lens: boolean;
}

function routeOf(
  kind: ProviderKind,
  method: string,
  url: URL,
  body: unknown,
  headers: http.IncomingHttpHeaders,
): Route | null {
  const p = url.searchParams;
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  switch (kind) {
    case "searxng":
      if (method !== "GET" || url.pathname !== "/search" || p.get("format") !== "json") return null;
      return { query: p.get("q") ?? "", key: null, lens: false };
    case "serper":
      if (method !== "POST") return null;
      if (url.pathname === "/search") return { query: str(b.q), key: str(headers["x-api-key"]), lens: false };
      if (url.pathname === "/lens") return { query: str(b.url), key: str(headers["x-api-key"]), lens: true };
      return null;
    case "serpapi":
      if (url.pathname === "/account.json") return { query: "", key: p.get("api_key") ?? "", lens: false };
      if (method !== "GET" || (url.pathname !== "/search.json" && url.pathname !== "/search")) return null;
      if (p.get("engine") === "google_lens")
        return { query: p.get("url") ?? "", key: p.get("api_key") ?? "", lens: true };
      return { query: p.get("q") ?? "", key: p.get("api_key") ?? "", lens: false };
    case "brave":
      if (method !== "GET" || url.pathname !== "/res/v1/web/search") return null;
      return { query: p.get("q") ?? "", key: str(headers["x-subscription-token"]), lens: false };
    case "tavily":
      if (method !== "POST" || url.pathname !== "/search") return null;
      return { query: str(b.query), key: str(headers.authorization).replace(/^Bearer /, ""), lens: false };
  }
}

function textHits(query: string, f: Fault | null): FixtureHit[] {
  const hits = defaultHits(query);
  if (f === "huge_titles")
    return hits.map((h) => ({ ...h, title: "T".repeat(50 * 1024), snippet: "S".repeat(50 * 1024) }));
  if (f === "html_titles") {
    return hits.map((h, i) => ({
      ...h,
      title: `<b>Bold ${i + 1}</b> &amp; <script>alert(${i})</script>`,
      snippet: `A <em>snippet</em> with &lt;tags&gt; and a\nnewline`,
    }));
  }
  if (f === "javascript_links") {
    return hits.map((h, i) => ({
      ...h,
      link: i % 2 === 0 ? "javascript:alert(document.cookie)" : i === 1 ? "data:text/html,<script>1</script>" : h.link,
    }));
  }
  return hits;
}

function lensMatches(imageHost: string, f: Fault | null): FixtureMatch[] {
  const R = IMAGE_HOST_ROUTES;
  const bad: Partial<Record<Fault, string>> = {
    thumb_huge: R.huge,
    thumb_giant_pixels: R.giantPixels,
    thumb_not_image: R.notImage,
    thumb_fake_png: R.fakePng,
    thumb_redirect_internal: R.redirectInternal,
    thumb_slow: R.slow,
  };
  const normal = [R.png, R.jpeg, R.redirectOk, R.png, R.jpeg, R.png];
  return normal.map((path, i) => ({
    title: f === "html_titles" ? `<b>Match ${i + 1}</b> &amp; co` : `Match ${i + 1}`,
    link: f === "javascript_links" && i === 0 ? "javascript:alert(1)" : `https://example.org/match/${i + 1}`,
    // With a thumbnail fault, the first match's thumbnail misbehaves and the rest are fine.
    thumbnail: `${imageHost}${i === 0 && f && bad[f] ? bad[f] : path}`,
  }));
}

function wrongShape(kind: ProviderKind, lens: boolean): unknown {
  if (lens) return kind === "serpapi" ? { visual_matches: "none" } : { organic: 42 };
  const key = { searxng: "results", serper: "organic", serpapi: "organic_results", brave: "web", tavily: "results" }[
    kind
  ];
  return kind === "brave" ? { web: { results: "oops" } } : { [key]: { not: "a list" } };
}

async function fetchImage(url: string): Promise<FakeProvider["imageFetches"][number]> {
  try {
    const r = await fetch(url);
    return {
      url,
      status: r.status,
      contentType: r.headers.get("content-type"),
      bytes: new Uint8Array(await r.arrayBuffer()),
    };
  } catch {
    return { url, status: 0, contentType: null, bytes: new Uint8Array() };
  }
}
