// Images coming back from tools (sandbox figures, search thumbnails, zoom crops), shaped so vLLM's
// processor accepts them (PROTOCOL §2.7, §8). Implements the loop's ImagePort.
import type { EncodedImage, ImagePort } from "@/lib/agent/ports";
import { openImage, type OpenedImage } from "./decode";
import { ImageError } from "./errors";
import { maybeResizeSize, smartResize } from "./resize";

/** Tool images come from the sandbox, the web or a search provider: decoded as outside images. */
const MAX_INPUT_PIXELS = 100_000_000;

export async function prepareToolImage(image: EncodedImage): Promise<EncodedImage> {
  const opened = await open(image);
  const size = opened.meta;
  const target = maybeResizeSize(size);
  // Kept byte for byte only when the bytes are what the media type says; anything else becomes PNG.
  const asLabelled = `image/${opened.format}` === image.mediaType;
  if (asLabelled && target.width === size.width && target.height === size.height)
    return { ...image, width: size.width, height: size.height };
  const data = await opened
    .decode()
    .resize(target.width, target.height, { fit: "fill", kernel: "lanczos3" })
    .png()
    .toBuffer();
  return { data: new Uint8Array(data), mediaType: "image/png", ...target };
}

/** §8 crop: `box` in `image` pixels; the crop is resized to its smart_resize size (bicubic), PNG. */
export async function zoomImage(image: EncodedImage, box: [number, number, number, number]): Promise<EncodedImage> {
  const opened = await open(image);
  const size = opened.meta;
  const left = Math.max(0, Math.floor(box[0]));
  const top = Math.max(0, Math.floor(box[1]));
  const right = Math.min(size.width, Math.ceil(box[2]));
  const bottom = Math.min(size.height, Math.ceil(box[3]));
  const crop = { width: right - left, height: bottom - top };
  if (crop.width <= 0 || crop.height <= 0)
    throw new ImageError("decode_failed", "The zoom box lies outside the image.");
  const target = smartResize(crop);
  const data = await opened
    .decode()
    .extract({ left, top, width: crop.width, height: crop.height })
    .resize(target.width, target.height, { fit: "fill", kernel: "cubic" })
    .png()
    .toBuffer();
  return { data: new Uint8Array(data), mediaType: "image/png", ...target };
}

async function open(image: EncodedImage): Promise<OpenedImage> {
  return openImage(image.data, { origin: "outside", maxInputPixels: MAX_INPUT_PIXELS }).catch((error: unknown) => {
    if (!(error instanceof ImageError)) throw error;
    throw new ImageError(error.code, "A tool returned data that is not a JPEG, PNG, WebP or GIF image.", {
      cause: error,
    });
  });
}

export function createImagePort(): ImagePort {
  return { prepareToolImage, zoom: zoomImage };
}
