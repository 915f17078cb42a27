// Which dropped, pasted or picked files may go with a question, with a sentence for the rest.
// Pure (works on name/type/size), so the rules are unit-tested; the server re-checks everything.
import { MAX_IMAGES_PER_TURN, MAX_UPLOAD_BYTES } from "@/lib/runs/limits";

export const ACCEPTED_IMAGE_TYPES = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "image/tiff",
  "image/avif",
  "image/heif",
] as const;

export interface FileLike {
  name: string;
  type: string;
  size: number;
}

export function acceptFiles<F extends FileLike>(
  current: number,
  incoming: readonly F[],
): { accepted: F[]; problems: string[] } {
  const accepted: F[] = [];
  const problems: string[] = [];
  for (const file of incoming) {
    if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type)) {
      problems.push(
        `${file.name || "That file"} is not an image Loupe can read (PNG, JPEG, WebP, GIF, TIFF, AVIF, HEIF).`,
      );
    } else if (file.size > MAX_UPLOAD_BYTES) {
      problems.push(`${file.name} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
    } else if (current + accepted.length >= MAX_IMAGES_PER_TURN) {
      problems.push(`At most ${MAX_IMAGES_PER_TURN} images can go with one question.`);
      break;
    } else {
      accepted.push(file);
    }
  }
  return { accepted, problems };
}
