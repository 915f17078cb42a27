// Images coming back from tools (sandbox figures, search thumbnails, zoom crops), shaped so vLLM's
// processor accepts them (PROTOCOL §2.7, §8). Implements the loop's ImagePort.
import sharp from "sharp";
import type { EncodedImage, ImagePort } from "@/lib/agent/ports";
import { ImageError } from "./errors";
import { maybeResizeSize, smartResize } from "./resize";

export async function prepareToolImage(image: EncodedImage): Promise<EncodedImage> {
  const size = await measure(image);
  const target = maybeResizeSize(size);
  if (target.width === size.width && target.height === size.height) return { ...image, ...size };
  const data = await sharp(image.data, { limitInputPixels: 100_000_000 })
    .resize(target.width, target.height, { fit: "fill", kernel: "lanczos3" })
    .png()
    .toBuffer();
  return { data: new Uint8Array(data), mediaType: "image/png", ...target };
}

/** §8 crop: `box` in `image` pixels; the crop is resized to its smart_resize size (bicubic), PNG. */
export async function zoomImage(image: EncodedImage, box: [number, number, number, number]): Promise<EncodedImage> {
  const size = await measure(image);
  const left = Math.max(0, Math.floor(box[0]));
  const top = Math.max(0, Math.floor(box[1]));
  const right = Math.min(size.width, Math.ceil(box[2]));
  const bottom = Math.min(size.height, Math.ceil(box[3]));
  const crop = { width: right - left, height: bottom - top };
  if (crop.width <= 0 || crop.height <= 0)
    throw new ImageError("decode_failed", "The zoom box lies outside the image.");
  const target = smartResize(crop);
  const data = await sharp(image.data)
    .extract({ left, top, width: crop.width, height: crop.height })
    .resize(target.width, target.height, { fit: "fill", kernel: "cubic" })
    .png()
    .toBuffer();
  return { data: new Uint8Array(data), mediaType: "image/png", ...target };
}

async function measure(image: EncodedImage): Promise<{ width: number; height: number }> {
  const meta = await sharp(image.data)
    .metadata()
    .catch(() => {
      throw new ImageError("not_an_image", "A tool returned data that is not a readable image.");
    });
  if (!meta.width || !meta.height) throw new ImageError("not_an_image", "A tool returned an image without a size.");
  return { width: meta.width, height: meta.height };
}

export function createImagePort(): ImagePort {
  return { prepareToolImage, zoom: zoomImage };
}
