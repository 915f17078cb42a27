// A question with its images, from either a multipart form (`question`, `images` files) or JSON
// (`{ question, images: [{ data: base64, mediaType }] }`). Both are read as they arrive and cut at
// their limits (lib/runs/limits.ts) with a 413. A form's images wait on disk until the form is
// accepted and the process's upload budget (lib/runs/upload-budget.ts) has room for them.
import "server-only";
import { once } from "node:events";
import path from "node:path";
import busboy, { type Busboy } from "busboy";
import { env } from "@/lib/env";
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
import { uploadBudget, type MemoryBudget, type Release } from "@/lib/runs/upload-budget";
import { UploadSpool } from "@/lib/runs/upload-spool";
import { jsonTurnSchema } from "@/app/api/v1/conversations/[id]/turns/schema";
import { pumpBody, readJson } from "./body";
import { zodSentence } from "./respond";

export interface TurnInput {
  question: string;
  images: UploadedImage[];
}

export interface TurnInputOptions {
  /** Defaults to the process's (lib/runs/upload-budget.ts). */
  budget?: MemoryBudget;
  /** Where a form's images are written as they arrive; defaults to <data dir>/uploads. */
  spoolDir?: string;
}

/**
 * Read the turn and hand it to `handle`; the memory its images hold is counted against the upload
 * budget until `handle` is done, whichever way it ends.
 */
export async function withTurnInput<T>(
  request: Request,
  handle: (input: TurnInput) => Promise<T>,
  options: TurnInputOptions = {},
): Promise<T> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase(); // media types ignore case
  if (type.startsWith("multipart/form-data")) return withMultipart(request, handle, options);
  if (type.startsWith("application/json") || type === "") return handle(await readJsonTurn(request));
  throw new AppError("unsupported_media:body", "Send the question as multipart/form-data or application/json.");
}

// The text is held while it arrives (up to MAX_TURN_JSON_BYTES) and is not counted in the upload
// budget: large images are better sent as a form.
async function readJsonTurn(request: Request): Promise<TurnInput> {
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
      if (data.byteLength > MAX_UPLOAD_BYTES) throw tooLarge(i);
      return { data, mediaType: image.mediaType };
    }),
  };
}

// Parsed as it arrives (busboy): each image is written to disk (lib/runs/upload-spool.ts) up to the
// per-image limit and no further, the question held up to its own limit, and the whole form cut at
// MAX_TURN_FORM_BYTES. Only a form accepted whole is read back into memory, once the upload
// budget has room for its images.
async function withMultipart<T>(
  request: Request,
  handle: (input: TurnInput) => Promise<T>,
  options: TurnInputOptions,
): Promise<T> {
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
  let spool: UploadSpool;
  try {
    spool = await UploadSpool.open(options.spoolDir ?? path.join(env().LOUPE_DATA_DIR, "uploads"));
  } catch (error) {
    throw cannotSpool(error);
  }
  let release: Release | undefined;
  try {
    let question: string | undefined;
    const files: { key: string; mediaType: string; name?: string; size: Promise<number> }[] = [];
    let fileCount = 0;
    let problem: AppError | undefined;
    let failure: AppError | undefined; // the disk refused an image
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
      const index = name === "images" || name === "image" ? fileCount++ : MAX_IMAGES_PER_TURN;
      // Other fields' files, and images past the limit (only counted, for the sentence), are dropped.
      if (index >= MAX_IMAGES_PER_TURN || problem) return void file.resume();
      file.on("limit", () => refuse(tooLarge(index, info.filename)));
      const key = String(index);
      const size = spool.write(key, file).catch((error: unknown) => {
        failure ??= cannotSpool(error);
        parser.destroy(failure); // stops the reading below, even while it waits for the parser
        throw failure;
      });
      size.catch(() => undefined); // awaited once the form is whole; a refusal may come first
      files.push({ key, mediaType: info.mimeType, name: info.filename, size });
    });
    const parsed = new Promise<void>((resolve, reject) => {
      parser.on("close", resolve);
      parser.on("error", reject);
    });
    parsed.catch(() => undefined); // awaited below; a refusal may come first
    try {
      await pumpBody(request, MAX_TURN_FORM_BYTES, async (chunk) => {
        if (failure) throw failure;
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
    if (fileCount > MAX_IMAGES_PER_TURN) {
      throw new AppError(
        "unprocessable:images",
        `At most ${MAX_IMAGES_PER_TURN} images can go with one question; this one has ${fileCount}.`,
      );
    }
    const sizes = await Promise.all(files.map((f) => f.size));
    const bytes = sizes.reduce((sum, size) => sum + size, 0);
    release = await reserve(options.budget ?? uploadBudget(), bytes, request.signal);
    const images: UploadedImage[] = [];
    for (const file of files) {
      const data = await spool.read(file.key);
      images.push({
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        mediaType: file.mediaType,
        name: file.name,
      });
    }
    await spool.remove(); // the images are in memory now; the rest need not wait for the turn
    return await handle({ question, images });
  } finally {
    await spool.remove();
    release?.();
  }
}

async function reserve(budget: MemoryBudget, bytes: number, signal: AbortSignal): Promise<Release> {
  try {
    return await budget.reserve(bytes, signal);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request:body", "The request was cancelled before its images were read.", {
      cause: error,
    });
  }
}

function cannotSpool(error: unknown): AppError {
  return new AppError(
    "unavailable:uploads",
    "Images cannot be received right now: the server could not write them to its disk. Try again in a moment; if it goes on, an admin can look at the log.",
    { cause: error },
  );
}

function unreadable(): AppError {
  return new AppError("bad_request:body", "The multipart form could not be read.");
}

function tooLarge(index: number, name?: string): AppError {
  return new AppError(
    "payload_too_large:image",
    `Image ${index + 1}${name ? ` (${name})` : ""} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
  );
}
