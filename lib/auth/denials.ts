// Refused attempts on conversations, runs and shares go to the audit log: of the workspace they
// were made in (or, for tokens that open nothing, the instance's), naming who and from where.
// Throttled (lib/auth/denial-throttle): at most one entry per client, workspace and kind a minute,
// each with the number of attempts it stands for, so probing cannot flood the log. Written after
// the request has failed, outside the transaction that refused it (which is rolled back).
import "server-only";
import { prisma } from "@/lib/db";
import { recordAudit } from "@/lib/db/audit";
import type { Denial } from "@/lib/errors";
import { log } from "@/lib/server/log";
import { createDenialThrottle, type DenialThrottle } from "./denial-throttle";

const g = globalThis as typeof globalThis & { __loupeDenialThrottle?: DenialThrottle };

function throttle(): DenialThrottle {
  g.__loupeDenialThrottle ??= createDenialThrottle({ windowMs: 60_000 });
  return g.__loupeDenialThrottle;
}

export async function recordDenial(denial: Denial, client: string): Promise<void> {
  const attempts = throttle().take(`${denial.on}|${denial.workspaceId ?? "-"}|${client}`);
  if (attempts === 0) return;
  try {
    await recordAudit(await prisma(), {
      workspaceId: denial.workspaceId,
      actorId: denial.actorId,
      ...(denial.apiKey ? { apiKey: denial.apiKey } : {}),
      action: `${denial.on}.denied`,
      target: denial.target,
      data: { reason: denial.reason, client, attempts },
    });
  } catch (error) {
    // The refusal stands either way; an audit log that cannot be written is the operator's to see.
    log.warn("A refused attempt could not be written to the audit log.", error);
  }
}
