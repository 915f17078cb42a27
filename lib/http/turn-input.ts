// A question with its images, from either a multipart form (`question`, `images` files) or JSON
// (`{ question, images: [{ data: base64, mediaType }] }`). Both are read as they arrive and cut at
// their limits (lib/runs/limits.ts) with a 413.
import "server-only";
import { once } from "node:events";
import busboy, { type Busboy } from "busboy";
import { AppError } from "@/lib/errors";
import {
  MAX_IMAGES_PER_TURN,
  MAX_QUESTION_CHARS,
  MAX_QUESTION_FIELD_BYTES,
  MAX_TURN_FORM_BYTES,
  MAX_TURN_JSON_BYTES,
  MAX_UPLOAD_BYTES,
} from "@/lib/runs/limits";
import type { UploadedImage } from "@/lib/runs/service";
import { jsonTurnSchema } from "@/app/api/v1/conversations/[id]/turns/schema";
import { pumpBody, readJson } from "./body";
import { zodSentence } from "./respond";

export async function readTurnInput(request: Request): Promise<{ question: string; images: UploadedImage[] }> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase(); // media types ignore case
  if (type.startsWith("multipart/form-data")) return readMultipart(request);
  if (type.startsWith("application/json") || type === "") {
    const parsed = jsonTurnSchema.safeParse(await readJson(request, { maxBytes: MAX_TURN_JSON_BYTES }));
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

// Parsed as it arrives (busboy): each image is held up to the per-image limit and no further, the
// question up to its own, and the whole form up to MAX_TURN_FORM_BYTES.
async function readMultipart(request: Request): Promise<{ question: string; images: UploadedImage[] }> {
  let parser: Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" }, // the boundary keeps its case
      defParamCharset: "utf8", // file names as browsers send them
      // busboy cuts a file when it reaches fileSize; one of exactly MAX_UPLOAD_BYTES is allowed.
      limits: { fileSize: MAX_UPLOAD_BYTES + 1, fieldSize: MAX_QUESTION_FIELD_BYTES },
    });
  } catch {
    throw unreadable();
  }
  let question: string | undefined;
  const images: UploadedImage[] = [];
  let files = 0;
  let problem: AppError | undefined;
  const refuse = (error: AppError) => void (problem ??= error);
  parser.on("field", (name, value, info) => {
    if (name === "question" && question === undefined) {
      if (info.valueTruncated)
        refuse(
          new AppError(
            "unprocessable:question",
            `The question is longer than the limit of ${MAX_QUESTION_CHARS} characters.`,
          ),
        );
      question = value;
    } else if (name === "images" || name === "image") {
      refuse(new AppError("unprocessable:images", "images: each must be a file, not a text field."));
    }
  });
  parser.on("file", (name, file, info) => {
    // A file cut short errors when the parser is stopped; the form's own error or refusal says why.
    file.on("error", () => undefined);
    const index = name === "images" || name === "image" ? files++ : MAX_IMAGES_PER_TURN;
    // Other fields' files, and images past the limit (only counted, for the sentence), are dropped.
    if (index >= MAX_IMAGES_PER_TURN) return void file.resume();
    const chunks: Buffer[] = [];
    file.on("data", (chunk: Buffer) => void chunks.push(chunk));
    file.on("limit", () => {
      chunks.length = 0;
      refuse(tooLarge(index, info.filename));
    });
    file.on("end", () => {
      if (!file.truncated) {
        images[index] = { data: new Uint8Array(Buffer.concat(chunks)), mediaType: info.mimeType, name: info.filename };
      }
    });
  });
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on("close", resolve);
    parser.on("error", reject);
  });
  parsed.catch(() => undefined); // awaited below; a refusal may come first
  try {
    await pumpBody(request, MAX_TURN_FORM_BYTES, async (chunk) => {
      if (!parser.write(chunk)) await once(parser, "drain");
      if (problem) throw problem;
    });
    parser.end();
    await parsed;
  } catch (error) {
    parser.destroy();
    if (error instanceof AppError) throw error;
    throw unreadable();
  }
  if (problem) throw problem;
  if (typeof question !== "string")
    throw new AppError("unprocessable:question", "question: is required (a text field).");
  if (files > MAX_IMAGES_PER_TURN) {
    throw new AppError(
      "unprocessable:images",
      `At most ${MAX_IMAGES_PER_TURN} images can go with one question; this one has ${files}.`,
    );
  }
  return { question, images };
}

function unreadable(): AppError {
  return new AppError("bad_request:body", "The multipart form could not be read.");
}

function tooLarge(index: number, name?: string): never {
  throw new AppError(
    "payload_too_large:image",
    `Image ${index + 1}${name ? ` (${name})` : ""} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
  );
}
