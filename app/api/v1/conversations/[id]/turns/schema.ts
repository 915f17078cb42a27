import { z } from "zod";
import { MAX_IMAGES_PER_TURN, MAX_QUESTION_CHARS } from "@/lib/runs/limits";

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
    question: z
      .string({ message: "is required" })
      .trim()
      .min(1, "must not be empty")
      .max(MAX_QUESTION_CHARS, `must be at most ${MAX_QUESTION_CHARS} characters`),
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
      .max(MAX_IMAGES_PER_TURN, `must hold at most ${MAX_IMAGES_PER_TURN} images`)
      .default([]),
  })
  .strict();
export type JsonTurnBody = z.infer<typeof jsonTurnSchema>;
