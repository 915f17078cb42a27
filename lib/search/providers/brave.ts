// Brave Search API: GET /res/v1/web/search?q=…&count=N with `X-Subscription-Token`. Results in
// `web.results[]` (`title`, `url`, `description` with <strong> highlights, `page_age` ISO date,
// `age` human date). `web` is absent when nothing was found.

import { isRecord, listOf, ShapeError, type TextProviderSpec } from "./types";

/** Prefer the ISO `page_age` as YYYY-MM-DD; fall back to Brave's display `age`. */
function dateOf(r: Record<string, unknown>): unknown {
  if (typeof r.page_age === "string" && /^\d{4}-\d{2}-\d{2}/.test(r.page_age)) return r.page_age.slice(0, 10);
  return r.age;
}

export const brave: TextProviderSpec = {
  id: "brave",
  label: "Brave Search",
  setting: "BRAVE_API_KEY",
  defaultBaseUrl: "https://api.search.brave.com",
  errorMessage(body) {
    const e = isRecord(body) ? body.error : undefined;
    return isRecord(e) && typeof e.detail === "string" ? e.detail : undefined;
  },
  isAuthError(_status, body) {
    const e = isRecord(body) ? body.error : undefined;
    return isRecord(e) && typeof e.code === "string" && /TOKEN|SUBSCRIPTION/.test(e.code);
  },
  request(query, count, { baseUrl, apiKey }) {
    const params = new URLSearchParams({ q: query, count: String(count) });
    return {
      url: `${baseUrl}/res/v1/web/search?${params}`,
      method: "GET",
      headers: { accept: "application/json", "x-subscription-token": apiKey },
    };
  },
  parse(body) {
    if (!isRecord(body)) throw new ShapeError("Brave Search: the response is not a JSON object");
    if (body.web === undefined) return [];
    return listOf(body.web, "results", "Brave Search").map((r) => ({
      title: r.title,
      link: r.url,
      snippet: r.description,
      date: dateOf(r),
    }));
  },
};
