// When a share link stops working. Pure, so the rules are tested without a database.

/** The choices the share dialog offers; `never` keeps the link until it is revoked. */
export const SHARE_EXPIRY_CHOICES = ["never", "1d", "7d", "30d"] as const;
export type ShareExpiryChoice = (typeof SHARE_EXPIRY_CHOICES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const DAYS: Record<Exclude<ShareExpiryChoice, "never">, number> = { "1d": 1, "7d": 7, "30d": 30 };

export function expiryFor(choice: ShareExpiryChoice, now: Date): Date | null {
  return choice === "never" ? null : new Date(now.getTime() + DAYS[choice] * DAY_MS);
}

export interface ShareLinkState {
  revokedAt: Date | null;
  expiresAt: Date | null;
}

export type ShareLinkStatus = "active" | "expired" | "revoked";

export function shareLinkStatus(link: ShareLinkState, now: Date): ShareLinkStatus {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}
