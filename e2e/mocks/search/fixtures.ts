// Response bodies in each provider's documented shape (success, empty and error), so the fakes
// answer the way the real services do. Hits are plain {title, link, snippet, date} and are laid
// out in each provider's own field names here.

export type ProviderKind = "searxng" | "serper" | "serpapi" | "brave" | "tavily";

export interface FixtureHit {
  title: string;
  link: string;
  snippet: string;
  date?: string;
}

export interface FixtureMatch {
  title: string;
  link: string;
  thumbnail: string;
}

export function defaultHits(query: string, n = 8): FixtureHit[] {
  return Array.from({ length: n }, (_, i) => ({
    title: `Result ${i + 1} for ${query}`,
    link: `https://example.org/${i + 1}`,
    snippet: `Snippet ${i + 1} about ${query}.`,
    ...(i === 1 ? { date: "2024-01-01" } : {}),
  }));
}

export function textBody(kind: ProviderKind, query: string, hits: FixtureHit[]): unknown {
  switch (kind) {
    case "searxng":
      return {
        query,
        number_of_results: hits.length,
        results: hits.map((h, i) => ({
          url: h.link,
          title: h.title,
          content: h.snippet,
          publishedDate: h.date ? `${h.date}T00:00:00` : null,
          engine: "duckduckgo",
          engines: ["duckduckgo"],
          positions: [i + 1],
          score: 1 / (i + 1),
          category: "general",
        })),
        answers: [],
        corrections: [],
        infoboxes: [],
        suggestions: [],
        unresponsive_engines: [],
      };
    case "serper":
      return {
        searchParameters: { q: query, type: "search", engine: "google" },
        organic: hits.map((h, i) => ({
          title: h.title,
          link: h.link,
          snippet: h.snippet,
          ...(h.date ? { date: h.date } : {}),
          position: i + 1,
        })),
        credits: 1,
      };
    case "serpapi":
      return {
        search_metadata: { id: "fake", status: "Success" },
        search_parameters: { engine: "google", q: query },
        organic_results: hits.map((h, i) => ({
          position: i + 1,
          title: h.title,
          link: h.link,
          displayed_link: h.link,
          snippet: h.snippet,
          ...(h.date ? { date: h.date } : {}),
        })),
      };
    case "brave":
      return {
        type: "search",
        query: { original: query },
        web: {
          type: "search",
          results: hits.map((h) => ({
            type: "search_result",
            title: h.title,
            url: h.link,
            // Brave highlights query terms with <strong>.
            description: h.snippet.replace(query, `<strong>${query}</strong>`),
            ...(h.date ? { page_age: `${h.date}T08:00:00`, age: "January 1, 2024" } : {}),
          })),
        },
      };
    case "tavily":
      return {
        query,
        answer: null,
        images: [],
        results: hits.map((h, i) => ({
          title: h.title,
          url: h.link,
          content: h.snippet,
          score: 0.9 - i / 100,
          raw_content: null,
          ...(h.date ? { published_date: h.date } : {}),
        })),
        response_time: 0.42,
      };
  }
}

/** What each provider sends when a search finds nothing. */
export function emptyBody(kind: ProviderKind, query: string): unknown {
  switch (kind) {
    case "serpapi":
      return {
        search_metadata: { id: "fake", status: "Success" },
        search_parameters: { engine: "google", q: query },
        error: "Google hasn't returned any results for this query.",
      };
    case "brave":
      return { type: "search", query: { original: query } }; // no `web` key at all
    default:
      return textBody(kind, query, []);
  }
}

/** The documented answer to a bad key: status and body. */
export function authError(kind: ProviderKind | "serper-lens" | "serpapi-lens"): { status: number; body: unknown } {
  switch (kind) {
    case "serpapi":
    case "serpapi-lens":
      return {
        status: 401,
        body: { error: "Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key" },
      };
    case "serper":
    case "serper-lens":
      return { status: 403, body: { message: "Unauthorized.", statusCode: 403 } };
    case "brave":
      return {
        status: 422,
        body: {
          type: "ErrorResponse",
          error: {
            id: "fake",
            status: 422,
            code: "SUBSCRIPTION_TOKEN_INVALID",
            detail: "The provided subscription token is invalid.",
            meta: {},
          },
          time: 0,
        },
      };
    case "tavily":
      return { status: 401, body: { detail: { error: "Unauthorized: missing or invalid API key." } } };
    case "searxng":
      // SearXNG has no keys; 403 is what it answers when the JSON format is not enabled.
      return { status: 403, body: "<html><body>403 Forbidden</body></html>" };
  }
}

export function lensBody(kind: "serpapi" | "serper", imageUrl: string, matches: FixtureMatch[]): unknown {
  if (kind === "serpapi") {
    return {
      search_metadata: { id: "fake", status: "Success" },
      search_parameters: { engine: "google_lens", url: imageUrl },
      visual_matches: matches.map((m, i) => ({
        position: i + 1,
        title: m.title,
        link: m.link,
        source: "example.org",
        thumbnail: m.thumbnail,
      })),
    };
  }
  return {
    searchParameters: { url: imageUrl, type: "lens", engine: "google" },
    organic: matches.map((m) => ({
      title: m.title,
      source: "example.org",
      link: m.link,
      imageUrl: m.thumbnail,
      thumbnailUrl: m.thumbnail,
    })),
    credits: 3,
  };
}
