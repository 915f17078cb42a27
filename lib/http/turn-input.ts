// A question with its images, from either a multipart form (`question`, `images` files) or JSON
// (`{ question, images: [{ data: base64, mediaType }] }`).
import "server-only";
import { AppError } from "@/lib/errors";
import { MAX_IMAGES_PER_TURN, MAX_UPLOAD_BYTES } from "@/lib/runs/limits";
import type { UploadedImage } from "@/lib/runs/service";
import { jsonTurnSchema } from "@/app/api/v1/conversations/[id]/turns/schema";
import { readJson } from "./body";
import { zodSentence } from "./respond";

export async function readTurnInput(request: Request): Promise<{ question: string; images: UploadedImage[] }> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase(); // media types ignore case
  if (type.startsWith("multipart/form-data")) return readMultipart(request);
  if (type.startsWith("application/json") || type === "") {
    const parsed = jsonTurnSchema.safeParse(
      await readJson(request, { maxBytes: MAX_IMAGES_PER_TURN * MAX_UPLOAD_BYTES * 1.4 }),
    );
    if (!parsed.success) {
      // The same codes as a multipart form's problems (and startTurn's checks of both).
      const field = parsed.error.issues[0]?.path[0];
      const code =
        field === "question" || field === "images" ? (`unprocessable:${field}` as const) : "unprocessable:request";
      throw new AppError(code, zodSentence(parsed.error));
    }
    const body = parsed.data;
    return {
      question: body.question,
      images: body.images.map((image, i) => {
        const data = new Uint8Array(Buffer.from(image.data, "base64"));
        if (data.byteLength > MAX_UPLOAD_BYTES) tooLarge(i);
        return { data, mediaType: image.mediaType };
      }),
    };
  }
  throw new AppError("unsupported_media:body", "Send the question as multipart/form-data or application/json.");
}

async function readMultipart(request: Request): Promise<{ question: string; images: UploadedImage[] }> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError("bad_request:body", "The multipart form could not be read.");
  }
  const question = form.get("question");
  if (typeof question !== "string")
    throw new AppError("unprocessable:question", "question: is required (a text field).");
  const files = [...form.getAll("images"), ...form.getAll("image")];
  if (files.length > MAX_IMAGES_PER_TURN) {
    throw new AppError(
      "unprocessable:images",
      `At most ${MAX_IMAGES_PER_TURN} images can go with one question; this one has ${files.length}.`,
    );
  }
  const images: UploadedImage[] = [];
  for (const [i, file] of files.entries()) {
    if (typeof file === "string")
      throw new AppError("unprocessable:images", "images: each must be a file, not a text field.");
    if (file.size > MAX_UPLOAD_BYTES) tooLarge(i, file.name);
    images.push({ data: new Uint8Array(await file.arrayBuffer()), mediaType: file.type || undefined, name: file.name });
  }
  return { question, images };
}

function tooLarge(index: number, name?: string): never {
  throw new AppError(
    "payload_too_large:image",
    `Image ${index + 1}${name ? ` (${name})` : ""} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
  );
}
