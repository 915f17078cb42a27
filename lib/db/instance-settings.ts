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

/** Hosts and address ranges the instance admin lets workspaces' endpoints reach although private. */
export async function getAllowedPrivateEndpoints(db: Db): Promise<string[]> {
  const row = await db.instanceSetting.findUnique({ where: { key: "allow_private_endpoints" } });
  const value = row?.value;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export async function setAllowedPrivateEndpoints(db: Db, entries: readonly string[]): Promise<void> {
  const value = [...entries];
  await db.instanceSetting.upsert({
    where: { key: "allow_private_endpoints" },
    create: { key: "allow_private_endpoints", value },
    update: { value },
  });
}
