// Instance-wide settings chosen by the instance admin, one JSON value per key.
import "server-only";
import type { Db } from "./client";

export const SIGNUP_MODES = ["open", "invite_only", "closed"] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

/** Until the admin chooses, a fresh install lets people join only by invitation (after the first user). */
export const DEFAULT_SIGNUP_MODE: SignupMode = "invite_only";

export async function getSignupMode(db: Db): Promise<SignupMode> {
  const row = await db.instanceSetting.findUnique({ where: { key: "signup_mode" } });
  const value = row?.value;
  return typeof value === "string" && (SIGNUP_MODES as readonly string[]).includes(value)
    ? (value as SignupMode)
    : DEFAULT_SIGNUP_MODE;
}

export async function setSignupMode(db: Db, mode: SignupMode): Promise<void> {
  await db.instanceSetting.upsert({
    where: { key: "signup_mode" },
    create: { key: "signup_mode", value: mode },
    update: { value: mode },
  });
}
