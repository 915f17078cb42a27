import { z } from "zod";
import { API_KEY_SCOPES } from "@/lib/auth/api-keys";
import { parseAllowList } from "@/lib/net/allow-list";

export const name = z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters");
export const createWorkspaceBody = z.object({ name }).strict();
export const renameBody = z.object({ name }).strict();
export const deleteBody = z.object({ confirm: z.string().max(100) }).strict();
export const roleBody = z
  .object({ role: z.enum(["admin", "member", "viewer"], { message: "must be admin, member or viewer" }) })
  .strict();
export const transferBody = z.object({ userId: z.string().min(1).max(100) }).strict();
export const invitationBody = z
  .object({
    role: z.enum(["admin", "member", "viewer"], { message: "must be admin, member or viewer" }),
    email: z.email("must be an email address").max(254).optional(),
  })
  .strict();
export const acceptBody = z.object({ token: z.string().min(1).max(200) }).strict();
export const apiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(80),
    scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).optional(),
  })
  .strict();
export const testBody = z.object({ target: z.enum(["model", "search", "sandbox"]) }).strict();
export const instanceBody = z
  .object({
    signupMode: z.enum(["open", "invite_only", "closed"]).optional(),
    /** Hosts and address ranges workspaces' model, SearXNG and sandbox URLs may point to although private. */
    allowPrivateEndpoints: z
      .array(z.string().trim().min(1).max(255))
      .max(100)
      .superRefine((entries, ctx) => {
        const problem = parseAllowList(entries).problem;
        if (problem) ctx.addIssue({ code: "custom", message: `${problem}.` });
      })
      .transform((entries) => parseAllowList(entries).entries)
      .optional(),
  })
  .strict()
  .refine((b) => b.signupMode !== undefined || b.allowPrivateEndpoints !== undefined, {
    message: "give signupMode or allowPrivateEndpoints",
  });
