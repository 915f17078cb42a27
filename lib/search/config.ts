// The search module's settings as a plain object (the integrator maps env vars onto it; see
// docs/search.md for the table), and the pure decision of which providers are in use.

import type { ImageUrlIssuer } from "./image-urls";
import { IMAGE_PROVIDERS, TEXT_PROVIDERS, type ImageProviderId, type TextProviderId } from "./providers";
import type { ThumbnailOptions } from "./thumbnails";

export interface SearchConfig {
  /** SEARXNG_URL: base URL of a SearXNG instance with the JSON format enabled. */
  searxngUrl?: string;
  /** SERPER_API_KEY */
  serperApiKey?: string;
  /** SERPAPI_API_KEY */
  serpapiApiKey?: string;
  /** BRAVE_API_KEY */
  braveApiKey?: string;
  /** TAVILY_API_KEY */
  tavilyApiKey?: string;
  /** PUBLIC_BASE_URL: needed by Lens providers, which fetch the image from a public URL. */
  publicBaseUrl?: string;
  /** SEARCH_TEXT_PROVIDER: force one; default is the first configured of searxng, serper, serpapi, brave, tavily. */
  textProvider?: TextProviderId;
  /** SEARCH_IMAGE_PROVIDER: force one; default is the first configured of serpapi, serper. */
  imageProvider?: ImageProviderId;
  /** SERPER_BASE_URL, SERPAPI_BASE_URL, BRAVE_BASE_URL, TAVILY_BASE_URL: endpoint overrides (proxies, local fakes). */
  baseUrls?: Partial<Record<"serper" | "serpapi" | "brave" | "tavily", string>>;
  /** SEARCH_RESULT_COUNT (default 5, the paper's number). */
  resultCount?: number;
  /** SEARCH_IMAGE_RESULT_COUNT (default 5). */
  imageResultCount?: number;
  /** SEARCH_TIMEOUT_MS per provider request (default 10 000). */
  timeoutMs?: number;
  /** SEARCH_MAX_RETRY_AFTER_MS: wait once for a 429's Retry-After up to this (default 2 000). */
  maxRetryAfterMs?: number;
  /** SEARCH_CACHE_TTL_MS for the per-conversation result memo (default 1 h). */
  cacheTtlMs?: number;
  /** SEARCH_THUMBNAIL_* settings. */
  thumbnails?: Partial<ThumbnailOptions>;
  /**
   * SEARCH_FETCH_ALLOW_PRIVATE: comma-separated `address:port` pairs the thumbnail fetcher may reach
   * although they are private or on another port. Empty in production; tests list the fake hosts.
   */
  fetchAllowPrivate?: readonly string[];
  /** PUBLIC_IMAGE_TTL_MS (default 120 000) and PUBLIC_IMAGE_MAX_USES (default 1). */
  publicImageTtlMs?: number;
  publicImageMaxUses?: number;
  /** How SearXNG is reached: the guarded fetch when searxngUrl came from a workspace (default: fetch). */
  searxngFetch?: typeof fetch;
  /** Share one issuer with the public-images route; created in memory from publicBaseUrl when absent. */
  imageUrlIssuer?: ImageUrlIssuer;
}

export interface ProviderChoice<Id> {
  id: Id;
  baseUrl: string;
  apiKey: string;
}

const keyFor = (c: SearchConfig, id: TextProviderId): string | undefined =>
  ({
    searxng: c.searxngUrl ? "" : undefined,
    serper: c.serperApiKey,
    serpapi: c.serpapiApiKey,
    brave: c.braveApiKey,
    tavily: c.tavilyApiKey,
  })[id];

const trimSlash = (u: string) => u.replace(/\/+$/, "");

function baseUrlFor(c: SearchConfig, id: TextProviderId): string {
  if (id === "searxng") return trimSlash(c.searxngUrl ?? "");
  return trimSlash(c.baseUrls?.[id] ?? TEXT_PROVIDERS[id].defaultBaseUrl);
}

/** The text provider in use, or null when none is configured. Throws when a forced one lacks its key. */
export function chooseTextProvider(c: SearchConfig): ProviderChoice<TextProviderId> | null {
  const ids = Object.keys(TEXT_PROVIDERS) as TextProviderId[];
  const configured = ids.filter((id) => keyFor(c, id) !== undefined && keyFor(c, id) !== null);
  const id = c.textProvider ?? configured[0];
  if (!id) return null;
  const apiKey = keyFor(c, id);
  if (apiKey === undefined) {
    throw new Error(`SEARCH_TEXT_PROVIDER is ${id}, but ${TEXT_PROVIDERS[id].setting} is not set.`);
  }
  return { id, baseUrl: baseUrlFor(c, id), apiKey };
}

/** The Lens provider that has a key, or null. (Whether PUBLIC_BASE_URL is set is decided separately.) */
export function chooseImageProvider(c: SearchConfig): ProviderChoice<ImageProviderId> | null {
  const ids = Object.keys(IMAGE_PROVIDERS) as ImageProviderId[];
  const keyOf = (id: ImageProviderId) => (id === "serpapi" ? c.serpapiApiKey : c.serperApiKey);
  const id = c.imageProvider ?? ids.find((i) => keyOf(i));
  if (!id) return null;
  const apiKey = keyOf(id);
  if (!apiKey) throw new Error(`SEARCH_IMAGE_PROVIDER is ${id}, but ${IMAGE_PROVIDERS[id].setting} is not set.`);
  return { id, baseUrl: trimSlash(c.baseUrls?.[id] ?? IMAGE_PROVIDERS[id].defaultBaseUrl), apiKey };
}
