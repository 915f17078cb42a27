// Typed image errors; `message` is a sentence that can be shown to the user as is.
export type ImageErrorCode = "not_an_image" | "unsupported_format" | "too_large" | "too_many_pixels" | "decode_failed";

export class ImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ImageError";
  }
}
