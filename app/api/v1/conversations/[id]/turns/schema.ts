import { z } from "zod";

const IMAGE_TYPES = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "image/tiff",
  "image/avif",
  "image/heif",
] as const;

export const jsonTurnSchema = z
  .object({
    // An empty or too long question, and too many images, are refused by startTurn with the same
    // sentences as a multipart form's.
    question: z.string({ message: "is required" }),
    images: z
      .array(
        z
          .object({
            data: z
              .string()
              .min(1, "must be base64 image bytes")
              .regex(/^[A-Za-z0-9+/=\s]+$/, "must be base64 (no data: prefix)"),
            mediaType: z.enum(IMAGE_TYPES, { message: `must be one of ${IMAGE_TYPES.join(", ")}` }).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type JsonTurnBody = z.infer<typeof jsonTurnSchema>;
