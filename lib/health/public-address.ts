// For `loupe doctor`: which origin links that leave Loupe (emails, share and invitation links) are
// built on (lib/http/link-origin). Neither PUBLIC_BASE_URL nor LOUPE_ALLOWED_HOSTS is a warning:
// emailing links is refused, and links shown for copying are completed by the browser. Pure.
import type { Env } from "@/lib/env";
import type { ComponentHealth } from "./types";

export function checkPublicAddress(
  e: Pick<Env, "PUBLIC_BASE_URL" | "LOUPE_ALLOWED_HOSTS" | "SMTP_URL">,
): ComponentHealth {
  if (e.PUBLIC_BASE_URL) {
    return { status: "ok", reason: `Links in emails and shared links point to ${e.PUBLIC_BASE_URL}.`, latencyMs: null };
  }
  if (e.LOUPE_ALLOWED_HOSTS.length > 0) {
    return {
      status: "ok",
      reason: `Links in emails and shared links use the address the browser used, when it is one of ${e.LOUPE_ALLOWED_HOSTS.join(", ")} (LOUPE_ALLOWED_HOSTS).`,
      latencyMs: null,
    };
  }
  return {
    status: "not_configured",
    reason: "Neither PUBLIC_BASE_URL nor LOUPE_ALLOWED_HOSTS is set, so Loupe does not know its public address.",
    latencyMs: null,
    warnings: [
      e.SMTP_URL
        ? "Password resets and invitations will not be emailed (a link built from a request's Host could point anywhere): set PUBLIC_BASE_URL, or list the host names people use in LOUPE_ALLOWED_HOSTS."
        : "Share and invitation links are shown without a host, and the browser completes them; set PUBLIC_BASE_URL (or LOUPE_ALLOWED_HOSTS) before setting up SMTP, or emailing links will be refused.",
    ],
  };
}
