// A password reset link made by the instance admin, for servers without SMTP: the same one-hour,
// single-use token better-auth's own reset email carries, redeemed on /reset/new.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Auth } from "./server";

export const RESET_TTL_MS = 60 * 60 * 1000;

/** The path of a new reset link (/reset/new?token=…); the caller puts it on an origin it vouches for. */
export async function createResetPath(auth: Auth, input: { userId: string }): Promise<string> {
  const context = await auth.$context;
  const token = randomBytes(18).toString("base64url");
  await context.internalAdapter.createVerificationValue({
    value: input.userId,
    identifier: `reset-password:${token}`,
    expiresAt: new Date(Date.now() + RESET_TTL_MS),
  });
  return `/reset/new?token=${encodeURIComponent(token)}`;
}
