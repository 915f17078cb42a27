// The one place images are decoded, and the formats each origin may be decoded as. Every sharp()
// call on bytes the server did not make goes through `openImage`:
// - libvips itself is told to load JPEG, PNG, WebP, GIF, TIFF and HEIF/AVIF from memory only
//   (`sharp.block` on every loader, `sharp.unblock` on these): SVG (librsvg), PDF, JPEG 2000, FITS,
//   Matlab, files on disk and the rest cannot be reached even by a decoder call that forgot this module;
// - the format is sniffed from the bytes (never the content type or file name) and must be one the
//   origin allows: uploads keep the seven formats the README lists, images from outside (search
//   thumbnails, Lens matches, sandbox figures, tool images) are JPEG, PNG, WebP or GIF only;
// - libvips must agree with the sniff, then decodes the first frame only, under a pixel limit,
//   failing on corrupt data.
import sharp, { type Metadata, type Sharp } from "sharp";
import { ImageError } from "./errors";

export type ImageFormat = "jpeg" | "png" | "webp" | "gif" | "tiff" | "heif";
/** `upload`: a user's own file. `outside`: bytes from the web, a search provider or the sandbox. */
export type ImageOrigin = "upload" | "outside";

export const DECODABLE: Record<ImageOrigin, readonly ImageFormat[]> = {
  upload: ["jpeg", "png", "webp", "gif", "tiff", "heif"],
  outside: ["jpeg", "png", "webp", "gif"],
};

/** libvips loaders left reachable (from memory only); everything else is blocked process-wide. */
const LOADERS: Record<ImageFormat, string> = {
  jpeg: "VipsForeignLoadJpegBuffer",
  png: "VipsForeignLoadPngBuffer",
  webp: "VipsForeignLoadWebpBuffer",
  gif: "VipsForeignLoadNsgifBuffer",
  tiff: "VipsForeignLoadTiffBuffer",
  heif: "VipsForeignLoadHeifBuffer",
};
sharp.block({ operation: ["VipsForeignLoad"] });
sharp.unblock({ operation: Object.values(LOADERS) });

const UNREADABLE: Record<ImageOrigin, string> = {
  upload: "The file is not an image this server can read (use JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIF).",
  outside: "The file is not an image that can be decoded: only JPEG, PNG, WebP and GIF are read.",
};

export interface OpenImageOptions {
  origin: ImageOrigin;
  /** Decoding stops with an error past this many input pixels. */
  maxInputPixels: number;
}

export interface OpenedImage {
  format: ImageFormat;
  /** Header facts (size, orientation, alpha) read without decoding pixels. */
  meta: Metadata & { width: number; height: number };
  /** A fresh pipeline over the first frame, under the pixel limit, failing on corrupt data. */
  decode(): Sharp;
}

export async function openImage(bytes: Uint8Array, options: OpenImageOptions): Promise<OpenedImage> {
  const format = sniffImageFormat(bytes);
  if (!format || !DECODABLE[options.origin].includes(format)) {
    throw new ImageError(format ? "unsupported_format" : "not_an_image", UNREADABLE[options.origin]);
  }
  const meta = await sharp(bytes, { limitInputPixels: false, pages: 1 })
    .metadata()
    .catch((error: unknown) => {
      throw new ImageError("not_an_image", UNREADABLE[options.origin], { cause: error });
    });
  if (meta.format !== format || !meta.width || !meta.height) {
    throw new ImageError("not_an_image", UNREADABLE[options.origin]);
  }
  return {
    format,
    meta: { ...meta, width: meta.width, height: meta.height },
    decode: () => sharp(bytes, { limitInputPixels: options.maxInputPixels, failOn: "error", pages: 1, page: 0 }),
  };
}

/** The format the bytes' signature names, or undefined; HEIF covers AVIF (both are ISO-BMFF `ftyp`). */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  const ascii = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
  if (bytes.length < 12) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return "gif";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (["II*\0", "MM\0*", "II+\0", "MM\0+"].includes(ascii(0, 4))) return "tiff";
  if (ascii(4, 8) === "ftyp") {
    // Major brand, then compatible brands, within the ftyp box.
    const boxEnd = Math.min(bytes.length, new DataView(bytes.buffer, bytes.byteOffset).getUint32(0), 64);
    for (let i = 8; i + 4 <= boxEnd; i += 4) if (HEIF_BRANDS.has(ascii(i, i + 4))) return "heif";
  }
  return undefined;
}

const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis"]);
