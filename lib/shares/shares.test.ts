import { describe, expect, it } from "vitest";
import { expiryFor, shareLinkStatus } from "./expiry";
import { hashToken } from "@/lib/crypto/token-hash";
import { generateShareToken, isShareToken } from "./tokens";

describe("share tokens", () => {
  it("are url-safe, unguessable and recognised by shape", () => {
    const a = generateShareToken();
    const b = generateShareToken();
    expect(a).not.toBe(b);
    expect(isShareToken(a)).toBe(true);
    expect(encodeURIComponent(a)).toBe(a);
  });

  it("hash to a stable sha256 hex that is not the token", () => {
    const token = generateShareToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
  });

  it("rejects anything of the wrong shape", () => {
    for (const bad of ["", "short", "a".repeat(42), "a".repeat(44), `${"a".repeat(42)}/`, `${"a".repeat(42)}=`])
      expect(isShareToken(bad)).toBe(false);
  });
});

describe("share expiry", () => {
  const now = new Date("2025-01-01T00:00:00Z");

  it("never expires, or expires whole days later", () => {
    expect(expiryFor("never", now)).toBeNull();
    expect(expiryFor("1d", now)?.toISOString()).toBe("2025-01-02T00:00:00.000Z");
    expect(expiryFor("30d", now)?.toISOString()).toBe("2025-01-31T00:00:00.000Z");
  });

  it("is active until revoked or past its expiry", () => {
    expect(shareLinkStatus({ revokedAt: null, expiresAt: null }, now)).toBe("active");
    expect(shareLinkStatus({ revokedAt: null, expiresAt: new Date("2025-01-01T00:00:01Z") }, now)).toBe("active");
    expect(shareLinkStatus({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(shareLinkStatus({ revokedAt: now, expiresAt: null }, now)).toBe("revoked");
  });
});
