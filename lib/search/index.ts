// Public surface of lib/search. The app wires `createSearch(config)` into the agent loop as its
// SearchPort, mounts `publicImageResponse(search.imageUrls, …)` on /api/public-images/[token], and
// the loop builds observations with the formatting functions (PROTOCOL §4, byte-exact).

export { createSearch, type ImageSearchResult, type Search } from "./create-search";
export type { SearchConfig } from "./config";
export type { SearchHealth } from "./health";
export {
  formatImageSearchObservation,
  formatTextSearchContent,
  formatTextSearchObservation,
  imageObservationText,
  imageSearchErrorObservation,
  textSearchErrorObservation,
  wrapToolResponse,
  type ObservationPart,
} from "./format";
export {
  createImageUrlIssuer,
  createMemoryImageTokenStore,
  type ImageTokenStore,
  type ImageUrlIssuer,
  type ImageUrlIssuerOptions,
  type PublicImage,
  type StoredPublicImage,
} from "./image-urls";
export { publicImageResponse } from "./public-image-response";
export type { ImageProviderId, TextProviderId } from "./providers";
