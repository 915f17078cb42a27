// Every image that came from outside (a thumbnail) or leaves for outside (the public image URL) is
// decoded and re-encoded by sharp: this drops EXIF/XMP/ICC metadata, applies EXIF orientation,
// refuses decompression bombs (pixel limit) and guarantees the bytes really are a PNG or JPEG. The
// input is decoded only if its bytes are a JPEG, PNG, WebP or GIF (first frame): lib/images/decode.ts.

import type { EncodedImage } from "@/lib/agent/ports";
import { openImage } from "@/lib/images/decode";
import { ImageError } from "@/lib/images/errors";

export interface ReencodeOptions {
  /** Longest side of the output; larger images are shrunk to fit (never enlarged). */
  maxEdge?: number;
  /** Decoding stops with an error past this many input pixels. */
  maxInputPixels: number;
  /** Output format; "auto" keeps PNG for images with transparency and uses JPEG otherwise. */
  format?: "auto" | "png" | "jpeg";
}

export class ImageDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ImageDecodeError";
  }
}

export async function reencodeImage(input: Uint8Array, opts: ReencodeOptions): Promise<EncodedImage> {
  try {
    const opened = await openImage(input, { origin: "outside", maxInputPixels: opts.maxInputPixels });
    let pipeline = opened.decode().rotate();
    if (opts.maxEdge) {
      pipeline = pipeline.resize({
        width: opts.maxEdge,
        height: opts.maxEdge,
        fit: "inside",
        withoutEnlargement: true,
      });
    }
    const format =
      opts.format === "png" || opts.format === "jpeg" ? opts.format : opened.meta.hasAlpha ? "png" : "jpeg";
    const { data, info } =
      format === "png"
        ? await pipeline.png().toBuffer({ resolveWithObject: true })
        : await pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: 88 }).toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      mediaType: format === "png" ? "image/png" : "image/jpeg",
      width: info.width,
      height: info.height,
    };
  } catch (e) {
    if (e instanceof ImageError) throw new ImageDecodeError(e.message, { cause: e });
    const msg = String((e as Error)?.message ?? e);
    if (/pixel limit/i.test(msg)) {
      throw new ImageDecodeError("The image has too many pixels to process.", { cause: e });
    }
    throw new ImageDecodeError("The file is not an image that can be decoded.", { cause: e });
  }
}
