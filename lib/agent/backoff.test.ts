// Attack/overload: a busy model server (429/503) must be retried a bounded number of times, within
// a bounded time, at the pace it asks for; nothing else is retried (loop-busy.test.ts).
import { describe, expect, it } from "vitest";
import { BUSY_RETRY, busyRetryDelay, parseRetryAfter } from "./backoff";

const NOW = Date.parse("2030-01-01T00:00:00Z");

describe("Retry-After", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("2", NOW)).toBe(2000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter("Tue, 01 Jan 2030 00:00:05 GMT", NOW)).toBe(5000);
    expect(parseRetryAfter("Mon, 31 Dec 2029 23:59:00 GMT", NOW)).toBe(0);
  });
  it("ignores what it cannot read", () => {
    for (const value of [undefined, "", "soon", "-3", "1.5", "12345678901234567890x"])
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
  });
});

describe("busy retry delay", () => {
  const base = { firstTryAt: NOW, now: NOW, random: () => 0.5 };
  it("allows at most 3 tries in all", () => {
    expect(busyRetryDelay({ ...base, failedTries: 1 })).not.toBeNull();
    expect(busyRetryDelay({ ...base, failedTries: 2 })).not.toBeNull();
    expect(busyRetryDelay({ ...base, failedTries: 3 })).toBeNull();
    expect(BUSY_RETRY.maxTries).toBe(3);
  });
  it("backs off exponentially with jitter, bounded", () => {
    const at = (failedTries: number, r: number) => busyRetryDelay({ ...base, failedTries, random: () => r });
    expect([at(1, 0), at(1, 0.999)]).toEqual([500, 1000]);
    expect([at(2, 0), at(2, 0.999)]).toEqual([1000, 1999]);
    const long = { ...BUSY_RETRY, maxTries: 10 };
    expect(busyRetryDelay({ ...base, failedTries: 8, random: () => 0.999, policy: long })).toBeLessThanOrEqual(8000);
  });
  it("honours Retry-After, capped at what the 30 s budget leaves", () => {
    expect(busyRetryDelay({ ...base, failedTries: 1, retryAfterMs: 7000 })).toBe(7000);
    expect(busyRetryDelay({ ...base, failedTries: 1, retryAfterMs: 120_000 })).toBe(30_000);
    expect(busyRetryDelay({ ...base, now: NOW + 25_000, failedTries: 2, retryAfterMs: 120_000 })).toBe(5000);
  });
  it("gives up once the budget is spent", () => {
    expect(busyRetryDelay({ ...base, now: NOW + 30_000, failedTries: 1 })).toBeNull();
  });
});
