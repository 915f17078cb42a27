// Bounds on what one question may carry. Shared by the API schemas and the run service.
export const MAX_IMAGES_PER_TURN = 8;
export const MAX_QUESTION_CHARS = 20_000;
/** Per uploaded file, before normalisation. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

// What a whole turn request may weigh: no more than the largest question with the most images at
// the per-image limit need, plus room for the syntax around them. Bodies are counted as they
// arrive and cut at these (lib/http/body.ts); docs/api.md states them.
const SYNTAX_MARGIN_BYTES = 64 * 1024;
/** A question's longest UTF-8 form in a form field (4 bytes per character at most). */
export const MAX_QUESTION_FIELD_BYTES = 4 * MAX_QUESTION_CHARS;
/** Multipart: the images as they are, the question and the parts' headers. */
export const MAX_TURN_FORM_BYTES =
  MAX_IMAGES_PER_TURN * MAX_UPLOAD_BYTES + MAX_QUESTION_FIELD_BYTES + SYNTAX_MARGIN_BYTES;
/**
 * JSON: each image as base64 (4 bytes for every 3, without line breaks) and the question with
 * every character escaped (`\uXXXX`, 6 bytes) — about 267 MB.
 */
export const MAX_TURN_JSON_BYTES =
  MAX_IMAGES_PER_TURN * Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 6 * MAX_QUESTION_CHARS + SYNTAX_MARGIN_BYTES;
