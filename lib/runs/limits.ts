// Bounds on what one question may carry. Shared by the API schemas and the run service.
export const MAX_IMAGES_PER_TURN = 8;
export const MAX_QUESTION_CHARS = 20_000;
/** Per uploaded file, before normalisation. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
