// Serper (google.serper.dev). Text: POST /search {"q"} with `X-API-KEY`; results in `organic[]`
// (`title`, `link`, `snippet`, optional `date`). Lens: POST /lens {"url"}; matches in `organic[]`
// (`title`, `link`, `source`, `imageUrl`, `thumbnailUrl`).

import { isRecord, listOf, type ImageProviderSpec, type TextProviderSpec } from "./types";

const common = {
  label: "Serper",
  setting: "SERPER_API_KEY",
  defaultBaseUrl: "https://google.serper.dev",
  errorMessage: (body: unknown) => (isRecord(body) && typeof body.message === "string" ? body.message : undefined),
};

const post = (url: string, apiKey: string, payload: unknown) => ({
  url,
  method: "POST" as const,
  headers: { "x-api-key": apiKey, "content-type": "application/json", accept: "application/json" },
  body: JSON.stringify(payload),
});

export const serper: TextProviderSpec = {
  ...common,
  id: "serper",
  request: (query, _count, { baseUrl, apiKey }) => post(`${baseUrl}/search`, apiKey, { q: query }),
  parse: (body) =>
    listOf(body, "organic", "Serper").map((r) => ({ title: r.title, link: r.link, snippet: r.snippet, date: r.date })),
};

export const serperLens: ImageProviderSpec = {
  ...common,
  id: "serper",
  request: (imageUrl, { baseUrl, apiKey }) => post(`${baseUrl}/lens`, apiKey, { url: imageUrl }),
  parse: (body) =>
    listOf(body, "organic", "Serper Lens").map((r) => ({
      title: r.title,
      link: r.link,
      thumbnailUrl: r.thumbnailUrl ?? r.imageUrl,
    })),
};
