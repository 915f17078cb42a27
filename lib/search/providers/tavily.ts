// Tavily: POST /search {"query", "max_results"} with `Authorization: Bearer tvly-…`. Results in
// `results[]` (`title`, `url`, `content`, `published_date` for news). Errors carry
// `{"detail": {"error": "…"}}`; 432/433 mean the plan's or the key's usage limit is reached.

import { isRecord, listOf, type TextProviderSpec } from "./types";

export const tavily: TextProviderSpec = {
  id: "tavily",
  label: "Tavily",
  setting: "TAVILY_API_KEY",
  defaultBaseUrl: "https://api.tavily.com",
  errorMessage(body) {
    const d = isRecord(body) ? body.detail : undefined;
    if (typeof d === "string") return d;
    return isRecord(d) && typeof d.error === "string" ? d.error : undefined;
  },
  request(query, count, { baseUrl, apiKey }) {
    return {
      url: `${baseUrl}/search`,
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, max_results: count, search_depth: "basic" }),
    };
  },
  parse(body) {
    return listOf(body, "results", "Tavily").map((r) => ({
      title: r.title,
      link: r.url,
      snippet: r.content,
      date: r.published_date,
    }));
  },
};
