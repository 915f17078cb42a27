// Starts every fake search provider plus the fake thumbnail host and returns the environment
// variables that point Loupe at them, the same variables production uses. For Playwright's
// webServer env or a dev session: `npx tsx e2e/mocks/search/serve.ts`.

import { FAKE_API_KEY, startFakeProvider, type FakeProvider } from "./fake-provider";
import type { ProviderKind } from "./fixtures";
import { startImageHost, type ImageHost } from "./image-host";

export { FAKE_API_KEY, FAULTS, startFakeProvider, type Fault, type FakeProvider } from "./fake-provider";
export { IMAGE_HOST_ROUTES, startImageHost, type ImageHost } from "./image-host";
export { startPublicImageHost } from "./public-image-host";
export { startLocalServer, type LocalServer } from "./http-server";

export interface SearchFakes {
  providers: Record<ProviderKind, FakeProvider>;
  images: ImageHost;
  /** SEARXNG_URL, the *_API_KEY and *_BASE_URL settings, and SEARCH_FETCH_ALLOW_PRIVATE. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startSearchFakes(): Promise<SearchFakes> {
  const images = await startImageHost();
  const kinds: ProviderKind[] = ["searxng", "serper", "serpapi", "brave", "tavily"];
  const providers = {} as Record<ProviderKind, FakeProvider>;
  for (const k of kinds) providers[k] = await startFakeProvider(k, { imageHostUrl: images.url });
  return {
    providers,
    images,
    env: {
      SEARXNG_URL: providers.searxng.url,
      SERPER_API_KEY: FAKE_API_KEY,
      SERPER_BASE_URL: providers.serper.url,
      SERPAPI_API_KEY: FAKE_API_KEY,
      SERPAPI_BASE_URL: providers.serpapi.url,
      BRAVE_API_KEY: FAKE_API_KEY,
      BRAVE_BASE_URL: providers.brave.url,
      TAVILY_API_KEY: FAKE_API_KEY,
      TAVILY_BASE_URL: providers.tavily.url,
      SEARCH_FETCH_ALLOW_PRIVATE: images.hostPort,
    },
    close: async () => {
      await Promise.all([...kinds.map((k) => providers[k].close()), images.close()]);
    },
  };
}
