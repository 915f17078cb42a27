// The provider table: adding a provider is one adapter file and one line here.

import { brave } from "./brave";
import { searxng } from "./searxng";
import { serpapi, serpapiLens } from "./serpapi";
import { serper, serperLens } from "./serper";
import { tavily } from "./tavily";
import type { ImageProviderId, ImageProviderSpec, TextProviderId, TextProviderSpec } from "./types";

/** In the default preference order (the first configured one is used unless chosen explicitly). */
export const TEXT_PROVIDERS: Record<TextProviderId, TextProviderSpec> = { searxng, serper, serpapi, brave, tavily };
export const IMAGE_PROVIDERS: Record<ImageProviderId, ImageProviderSpec> = { serpapi: serpapiLens, serper: serperLens };

export type { ImageProviderId, ImageProviderSpec, TextProviderId, TextProviderSpec } from "./types";
