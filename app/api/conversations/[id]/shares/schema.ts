import { z } from "zod";
import { SHARE_EXPIRY_CHOICES } from "@/lib/shares/expiry";

export const createShareSchema = z
  .object({
    expires: z
      .enum(SHARE_EXPIRY_CHOICES, { message: `must be one of ${SHARE_EXPIRY_CHOICES.join(", ")}` })
      .default("never"),
  })
  .strict();
export type CreateShareBody = z.infer<typeof createShareSchema>;
