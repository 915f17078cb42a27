import { beforeAll, describe, expect, it, vi } from "vitest";
import { signBlobUrl, verifyBlobUrl } from "./signed-urls";

const key = "a".repeat(64);
const now = Date.UTC(2026, 0, 1);

beforeAll(() => {
  vi.stubEnv("LOUPE_SECRET", "s".repeat(40));
});

function parts(url: string) {
  const u = new URL(url);
  return { path: u.pathname, exp: u.searchParams.get("exp"), sig: u.searchParams.get("sig") };
}

describe("signed blob URLs", () => {
  it("point at the model-images route and verify until they expire", () => {
    const url = signBlobUrl({ baseUrl: "http://loupe.test:3000", key, ttlMs: 60_000, now });
    const { path, exp, sig } = parts(url);
    expect(path).toBe(`/api/model-images/${key}`);
    expect(Number(exp)).toBe(Math.floor((now + 60_000) / 1000));
    expect(verifyBlobUrl({ key, exp, sig, now })).toBe(true);
    expect(verifyBlobUrl({ key, exp, sig, now: now + 61_000 })).toBe(false);
  });

  it("refuse another key, a changed expiry, a changed or missing signature", () => {
    const { exp, sig } = parts(signBlobUrl({ baseUrl: "http://loupe.test", key, now }));
    expect(verifyBlobUrl({ key: "b".repeat(64), exp, sig, now })).toBe(false);
    expect(verifyBlobUrl({ key, exp: String(Number(exp) + 1), sig, now })).toBe(false);
    expect(verifyBlobUrl({ key, exp, sig: `${sig}x`, now })).toBe(false);
    expect(verifyBlobUrl({ key, exp, sig: null, now })).toBe(false);
    expect(verifyBlobUrl({ key, exp: "soon", sig, now })).toBe(false);
  });
});
