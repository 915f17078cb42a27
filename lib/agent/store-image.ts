// Tool images go through the ImagePort resize and into the blob store; events carry only the ref.
import type { ImageRef } from "@/lib/trace/events";
import type { BlobPort, EncodedImage, ImagePort } from "./ports";

export async function storeToolImage(
  image: EncodedImage,
  ports: { images: ImagePort; blobs: BlobPort },
): Promise<ImageRef> {
  const prepared = await ports.images.prepareToolImage(image);
  return storeImage(prepared, ports.blobs);
}

/**
 * As storeToolImage, but an image the ImagePort cannot read (broken bytes from the sandbox or the
 * web) is a problem of that one image, said in a sentence, not a failure of the run. Storage
 * failures still throw.
 */
export async function tryStoreToolImage(
  image: EncodedImage,
  ports: { images: ImagePort; blobs: BlobPort },
): Promise<{ ref: ImageRef } | { problem: string }> {
  let prepared: EncodedImage;
  try {
    prepared = await ports.images.prepareToolImage(image);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  return { ref: await storeImage(prepared, ports.blobs) };
}

export async function storeImage(image: EncodedImage, blobs: BlobPort): Promise<ImageRef> {
  const { key } = await blobs.put({ data: image.data, mediaType: image.mediaType });
  return { key, width: image.width, height: image.height, mediaType: image.mediaType };
}

/** Keeps the head and tail of over-long tool output, with a visible marker in between. */
export function capOutput(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil(max * 0.75);
  const tail = max - head;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n… [${omitted} characters omitted] …\n${text.slice(text.length - tail)}`;
}
