import { z } from "zod";
import { decodeConversationCursor } from "@/lib/db/conversations";

export const createConversationSchema = z
  .object({
    title: z.string().trim().max(200, "must be at most 200 characters").optional(),
    visibility: z.enum(["private", "workspace"], { message: "must be private or workspace" }).optional(),
  })
  .strict();
export type CreateConversationBody = z.infer<typeof createConversationSchema>;

export const listConversationsSchema = z.object({
  limit: z.coerce.number().int().min(1, "must be at least 1").max(100, "must be at most 100").default(20),
  cursor: z
    .string()
    .transform((text, ctx) => {
      const cursor = decodeConversationCursor(text);
      if (!cursor) ctx.addIssue({ code: "custom", message: "must be the nextCursor of an earlier page" });
      return cursor ?? z.NEVER;
    })
    .optional(),
});
