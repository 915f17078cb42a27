// SearXNG JSON API: GET {SEARXNG_URL}/search?q=…&format=json. The instance must list `json` under
// `search.formats` in settings.yml, otherwise it answers 403. Results: `results[]` with `title`,
// `url`, `content` and (for some engines) `publishedDate`.

import { listOf, type TextProviderSpec } from "./types";

export const searxng: TextProviderSpec = {
  id: "searxng",
  label: "SearXNG",
  setting: "SEARXNG_URL",
  defaultBaseUrl: "",
  authAdvice: "Check that the instance lists json under search.formats in its settings.yml.",
  request(query, _count, { baseUrl }) {
    const params = new URLSearchParams({ q: query, format: "json", pageno: "1" });
    return { url: `${baseUrl}/search?${params}`, method: "GET", headers: { accept: "application/json" } };
  },
  parse(body) {
    return listOf(body, "results", "SearXNG").map((r) => ({
      title: r.title,
      link: r.url,
      snippet: r.content,
      date: r.publishedDate,
    }));
  },
};
