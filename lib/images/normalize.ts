// Uploads become the exact pixels the model sees: decoded under limits, EXIF-oriented, metadata
// stripped, RGB, aspect-fixed and smart-resized once (PROTOCOL §2.7, §2.11), stored as PNG.
import { openImage, type ImageFormat } from "./decode";
import { ImageError } from "./errors";
import { modelInputSize, type Size } from "./resize";

export interface NormalizeLimits {
  /** Largest accepted upload in bytes (default 25 MB). */
  maxBytes?: number;
  /** Largest accepted decoded pixel count (default 50 megapixels); guards against decompression bombs. */
  maxInputPixels?: number;
}

export interface NormalizedImage {
  png: Uint8Array;
  width: number;
  height: number;
  original: Size & { mediaType: string };
}

const MEDIA_TYPES: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  tiff: "image/tiff",
  heif: "image/heif",
};

export async function normalizeUpload(bytes: Uint8Array, limits: NormalizeLimits = {}): Promise<NormalizedImage> {
  const maxBytes = limits.maxBytes ?? 25 * 1024 * 1024;
  const maxInputPixels = limits.maxInputPixels ?? 50_000_000;
  if (bytes.byteLength === 0) throw new ImageError("not_an_image", "The file is empty, so there is no image to read.");
  if (bytes.byteLength > maxBytes)
    throw new ImageError(
      "too_large",
      `The image is ${mb(bytes.byteLength)} MB; the largest accepted upload is ${mb(maxBytes)} MB.`,
    );
  const image = await openImage(bytes, { origin: "upload", maxInputPixels });
  const { meta } = image;
  const mediaType = MEDIA_TYPES[image.format];
  if (meta.width * meta.height > maxInputPixels)
    throw new ImageError(
      "too_many_pixels",
      `The image is ${meta.width}×${meta.height} pixels; the largest accepted is ${(maxInputPixels / 1e6).toFixed(0)} megapixels.`,
    );
  // EXIF orientations 5–8 swap width and height.
  const swapped = (meta.orientation ?? 1) >= 5;
  const oriented = swapped ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  const target = modelInputSize(oriented);
  try {
    const { data, info } = await image
      .decode()
      .rotate()
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .resize(target.width, target.height, { fit: "fill", kernel: "linear" })
      .png()
      .toBuffer({ resolveWithObject: true });
    return {
      png: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      original: { ...oriented, mediaType },
    };
  } catch (error) {
    throw new ImageError("decode_failed", `The image could not be decoded (${(error as Error).message}).`);
  }
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
