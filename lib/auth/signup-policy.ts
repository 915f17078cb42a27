// Who may create an account. Pure. The first account of a fresh install is always allowed and
// becomes the instance admin; after that the admin's sign-up mode decides, and an invitation
// (valid, unused, and addressed to this email if it names one) always lets its invitee in.
import type { SignupMode } from "@/lib/db/instance-settings";

export interface PendingInvitation {
  email: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export type SignupDecision = { allowed: true; instanceRole: "admin" | "user" } | { allowed: false; reason: string };

export function invitationProblem(invitation: PendingInvitation | null, now: Date, email?: string): string | null {
  if (!invitation) return "This invitation link is not valid.";
  if (invitation.revokedAt) return "This invitation was withdrawn. Ask for a new one.";
  if (invitation.acceptedAt) return "This invitation has already been used. Ask for a new one.";
  if (invitation.expiresAt.getTime() <= now.getTime()) return "This invitation has expired. Ask for a new one.";
  if (email !== undefined && invitation.email && invitation.email.toLowerCase() !== email.toLowerCase()) {
    return `This invitation is for ${invitation.email}. Sign in or sign up with that address.`;
  }
  return null;
}

export function signupDecision(input: {
  userCount: number;
  mode: SignupMode;
  invitation: PendingInvitation | null;
  email: string;
  now: Date;
}): SignupDecision {
  if (input.userCount === 0) return { allowed: true, instanceRole: "admin" };
  if (input.invitation) {
    const problem = invitationProblem(input.invitation, input.now, input.email);
    return problem ? { allowed: false, reason: problem } : { allowed: true, instanceRole: "user" };
  }
  if (input.mode === "open") return { allowed: true, instanceRole: "user" };
  return {
    allowed: false,
    reason:
      input.mode === "closed"
        ? "Sign-up is closed on this server. Ask its admin to create an account for you."
        : "Sign-up on this server is by invitation. Ask a workspace admin for an invitation link.",
  };
}
