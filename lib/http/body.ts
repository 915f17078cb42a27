// Reading request bodies with limits and plain-sentence errors.
import "server-only";
import { AppError } from "@/lib/errors";

export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** Parse a JSON body; `optional` accepts an empty body as `{}`. */
export async function readJson(
  request: Request,
  options: { optional?: boolean; maxBytes?: number } = {},
): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? "0");
  const max = options.maxBytes ?? MAX_JSON_BYTES;
  if (length > max)
    throw new AppError(
      "payload_too_large:body",
      `The request body is larger than ${Math.round(max / 1024 / 1024)} MB.`,
    );
  const text = await request.text();
  if (text.length > max)
    throw new AppError(
      "payload_too_large:body",
      `The request body is larger than ${Math.round(max / 1024 / 1024)} MB.`,
    );
  if (text.trim() === "") {
    if (options.optional) return {};
    throw new AppError("bad_request:body", "The request body is empty; send JSON.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("bad_request:body", "The request body is not valid JSON.");
  }
}
