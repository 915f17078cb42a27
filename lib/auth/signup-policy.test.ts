import { describe, expect, it } from "vitest";
import { invitationProblem, signupDecision } from "./signup-policy";

const now = new Date("2026-01-01T00:00:00Z");
const later = new Date("2026-01-02T00:00:00Z");
const invite = { email: null, expiresAt: later, acceptedAt: null, revokedAt: null };

describe("signupDecision", () => {
  it("makes the first user of a fresh install the instance admin, whatever the mode", () => {
    for (const mode of ["open", "invite_only", "closed"] as const) {
      expect(signupDecision({ userCount: 0, mode, invitation: null, email: "a@x", now })).toEqual({
        allowed: true,
        instanceRole: "admin",
      });
    }
  });

  it("follows the mode for later users without an invitation", () => {
    expect(signupDecision({ userCount: 1, mode: "open", invitation: null, email: "b@x", now }).allowed).toBe(true);
    expect(signupDecision({ userCount: 1, mode: "invite_only", invitation: null, email: "b@x", now }).allowed).toBe(
      false,
    );
    expect(signupDecision({ userCount: 1, mode: "closed", invitation: null, email: "b@x", now }).allowed).toBe(false);
  });

  it("lets a valid invitation in even when sign-up is closed, but not a used one", () => {
    expect(signupDecision({ userCount: 3, mode: "closed", invitation: invite, email: "b@x", now })).toEqual({
      allowed: true,
      instanceRole: "user",
    });
    const used = { ...invite, acceptedAt: now };
    expect(signupDecision({ userCount: 3, mode: "open", invitation: used, email: "b@x", now }).allowed).toBe(false);
  });
});

describe("invitationProblem", () => {
  it("explains what is wrong with an invitation", () => {
    expect(invitationProblem(null, now)).toMatch(/not valid/);
    expect(invitationProblem({ ...invite, revokedAt: now }, now)).toMatch(/withdrawn/);
    expect(invitationProblem({ ...invite, expiresAt: now }, now)).toMatch(/expired/);
    expect(invitationProblem({ ...invite, email: "Ada@Example.com" }, now, "bob@example.com")).toMatch(/for Ada/);
    expect(invitationProblem({ ...invite, email: "Ada@Example.com" }, now, "ada@example.com")).toBeNull();
    expect(invitationProblem(invite, now, "anyone@example.com")).toBeNull();
  });
});
