// SerpAPI (serpapi.com). Text: GET /search.json?engine=google&q=…&api_key=…; results in
// `organic_results[]` (`title`, `link`, `snippet`, optional `date`). Lens: engine=google_lens with a
// public image `url`; matches in `visual_matches[]` (`title`, `link`, `source`, `thumbnail`).
// Errors are `{"error": "…"}` with 401/403/429/5xx; a search that found nothing is a 200 whose
// `error` says so ("Google hasn't returned any results for this query."), which is not a failure.

import { isRecord, listOf, ShapeError, type ImageProviderSpec, type TextProviderSpec } from "./types";

const common = {
  label: "SerpAPI",
  setting: "SERPAPI_API_KEY",
  defaultBaseUrl: "https://serpapi.com",
  errorMessage: (body: unknown) => (isRecord(body) && typeof body.error === "string" ? body.error : undefined),
};

/** A 200 body with `error` is either "no results" (empty list) or a real failure. */
function checkError(body: unknown, what: string): void {
  if (!isRecord(body) || typeof body.error !== "string") return;
  if (/hasn't returned any results/i.test(body.error)) return;
  throw new ShapeError(`${what}: ${body.error}`);
}

const get = (baseUrl: string, params: Record<string, string>) => ({
  url: `${baseUrl}/search.json?${new URLSearchParams(params)}`,
  method: "GET" as const,
  headers: { accept: "application/json" },
});

export const serpapi: TextProviderSpec = {
  ...common,
  id: "serpapi",
  request: (query, _count, { baseUrl, apiKey }) => get(baseUrl, { engine: "google", q: query, api_key: apiKey }),
  parse(body) {
    checkError(body, "SerpAPI");
    return listOf(body, "organic_results", "SerpAPI").map((r) => ({
      title: r.title,
      link: r.link,
      snippet: r.snippet,
      date: r.date,
    }));
  },
};

export const serpapiLens: ImageProviderSpec = {
  ...common,
  id: "serpapi",
  request: (imageUrl, { baseUrl, apiKey }) => get(baseUrl, { engine: "google_lens", url: imageUrl, api_key: apiKey }),
  parse(body) {
    checkError(body, "SerpAPI Google Lens");
    return listOf(body, "visual_matches", "SerpAPI Google Lens").map((r) => ({
      title: r.title,
      link: r.link,
      thumbnailUrl: r.thumbnail,
    }));
  },
};
