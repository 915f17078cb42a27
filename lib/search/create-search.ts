// The SearchPort the agent loop uses: the configured text provider, the Lens provider with a
// short-lived public image URL, the per-conversation memo, thumbnails through the SSRF-safe
// fetcher, and a health check. Everything a user can see fail arrives as a PortError sentence.

import { createHash } from "node:crypto";
import {
  PortError,
  type EncodedImage,
  type ImageSearchHit,
  type SearchPort,
  type TextSearchHit,
} from "@/lib/agent/ports";
import { createSafeFetcher } from "@/lib/net/safe-fetch";
import { chooseImageProvider, chooseTextProvider, type SearchConfig } from "./config";
import { createHealthCheck, type SearchHealth } from "./health";
import { toImageCandidates, toTextHits } from "./hits";
import { createImageUrlIssuer, type ImageUrlIssuer } from "./image-urls";
import { requestProviderJson, type ProviderHttpOptions } from "./provider-http";
import { IMAGE_PROVIDERS, TEXT_PROVIDERS } from "./providers";
import { ShapeError } from "./providers/types";
import { cleanText } from "./sanitize";
import { createSessionCache } from "./session-cache";
import { createThumbnailLoader } from "./thumbnails";

/** An image hit with, when its thumbnail could not be used, the reason (for the trace card). */
export interface ImageSearchResult extends ImageSearchHit {
  thumbnailError?: string;
}

export interface Search extends SearchPort {
  image(input: { sessionId: string; image: EncodedImage; signal?: AbortSignal }): Promise<ImageSearchResult[]>;
  health(): Promise<SearchHealth>;
  /** Plain sentences for the UI ("search is off because …"); `null` when that tool is available. */
  readonly unavailable: { text: string | null; image: string | null };
  /** The issuer behind image URLs; the public-images route must redeem through this same object. */
  readonly imageUrls: ImageUrlIssuer | null;
}

/** Providers reject very long queries (Tavily: 400 characters); the observation still shows the model's query. */
const MAX_QUERY_CHARS = 400;

export function createSearch(config: SearchConfig): Search {
  const text = chooseTextProvider(config);
  const lens = chooseImageProvider(config);
  const issuer =
    config.imageUrlIssuer ??
    (config.publicBaseUrl
      ? createImageUrlIssuer({
          publicBaseUrl: config.publicBaseUrl,
          ttlMs: config.publicImageTtlMs,
          maxUses: config.publicImageMaxUses,
        })
      : null);
  const count = config.resultCount ?? 5;
  const imageCount = config.imageResultCount ?? 5;
  const http = (signal?: AbortSignal): ProviderHttpOptions => ({
    timeoutMs: config.timeoutMs ?? 10_000,
    maxRetryAfterMs: config.maxRetryAfterMs ?? 2_000,
    signal,
  });
  const searxngFetch = text?.id === "searxng" ? config.searxngFetch : undefined;
  const cacheOptions = { ttlMs: config.cacheTtlMs ?? 3_600_000, maxSessions: 1_000, maxEntriesPerSession: 64 };
  const textCache = createSessionCache<TextSearchHit[]>(cacheOptions);
  const imageCache = createSessionCache<ImageSearchResult[]>(cacheOptions);
  const thumbnails = createThumbnailLoader(
    createSafeFetcher({ allowPrivate: config.fetchAllowPrivate }),
    config.thumbnails,
  );
  const health = createHealthCheck({
    text,
    lens,
    timeoutMs: Math.min(config.timeoutMs ?? 10_000, 5_000),
    searxngFetch,
  });

  const unavailable = {
    text: text
      ? null
      : "Web search is off: no search provider is configured (set SEARXNG_URL, SERPER_API_KEY, SERPAPI_API_KEY, BRAVE_API_KEY or TAVILY_API_KEY).",
    image: !lens
      ? "Image search is off: it needs a Google Lens provider key (SERPAPI_API_KEY or SERPER_API_KEY)."
      : !issuer
        ? "Image search is not available: the Lens provider has to fetch the image from a public address, and PUBLIC_BASE_URL is not set."
        : null,
  };

  async function searchText(query: string, signal?: AbortSignal): Promise<TextSearchHit[]> {
    if (!text) throw new PortError("search_not_configured", unavailable.text as string);
    const spec = TEXT_PROVIDERS[text.id];
    const q = query.trim().slice(0, MAX_QUERY_CHARS);
    if (q === "") return [];
    const body = await health.track("text", () =>
      requestProviderJson(spec, spec.request(q, count, text), { ...http(signal), fetch: searxngFetch }),
    );
    return toTextHits(
      readShape(() => spec.parse(body)),
      count,
    );
  }

  async function searchImage(image: EncodedImage, signal?: AbortSignal): Promise<ImageSearchResult[]> {
    if (!lens || !issuer) throw new PortError("search_not_configured", unavailable.image as string);
    const spec = IMAGE_PROVIDERS[lens.id];
    const url = await issuer.issue(image);
    const body = await health.track("image", () => requestProviderJson(spec, spec.request(url, lens), http(signal)));
    const candidates = toImageCandidates(
      readShape(() => spec.parse(body)),
      imageCount,
    );
    return Promise.all(
      candidates.map(async ({ title, link, thumbnailUrl }): Promise<ImageSearchResult> => {
        if (!thumbnailUrl) return { title, link, thumbnailError: "The provider gave no thumbnail." };
        try {
          return { title, link, thumbnail: await thumbnails.load(thumbnailUrl, signal) };
        } catch (e) {
          if (signal?.aborted) throw signal.reason;
          return { title, link, thumbnailError: (e as Error).message };
        }
      }),
    );
  }

  return {
    capabilities: { text: text !== null, image: unavailable.image === null },
    unavailable,
    imageUrls: issuer,
    text: ({ sessionId, query, signal }) =>
      textCache.getOrCompute(sessionId, `q:${query}`, () => searchText(query, signal)),
    image: ({ sessionId, image, signal }) =>
      // One search per image per conversation: a repeated image_search gets the same hits, free.
      imageCache.getOrCompute(sessionId, `img:${createHash("sha256").update(image.data).digest("hex")}`, () =>
        searchImage(image, signal),
      ),
    health: () => health.check(),
  };
}

function readShape<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ShapeError) {
      throw new PortError("search_bad_response", `Unexpected answer from ${cleanText(e.message, 200)}.`);
    }
    throw e;
  }
}
