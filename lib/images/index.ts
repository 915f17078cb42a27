export * from "./errors";
export * from "./resize";
export { normalizeUpload, type NormalizedImage, type NormalizeLimits } from "./normalize";
export { createImagePort, prepareToolImage, zoomImage } from "./tool-image";
