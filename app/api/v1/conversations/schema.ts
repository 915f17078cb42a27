import { z } from "zod";

export const createConversationSchema = z
  .object({
    title: z.string().trim().max(200, "must be at most 200 characters").optional(),
    visibility: z.enum(["private", "workspace"], { message: "must be private or workspace" }).optional(),
  })
  .strict();
export type CreateConversationBody = z.infer<typeof createConversationSchema>;

export const listConversationsSchema = z.object({
  limit: z.coerce.number().int().min(1, "must be at least 1").max(100, "must be at most 100").default(20),
  cursor: z.string().uuid("must be a cursor returned by an earlier page").optional(),
});
