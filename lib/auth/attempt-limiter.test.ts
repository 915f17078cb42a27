import { describe, expect, it } from "vitest";
import { createAttemptLimiter } from "./attempt-limiter";

describe("attempt limiter", () => {
  it("lets `free` failures through, then makes each attempt wait, doubling up to the cap", () => {
    let t = 0;
    const limiter = createAttemptLimiter({
      free: 3,
      baseDelayMs: 1000,
      maxDelayMs: 5000,
      windowMs: 60_000,
      now: () => t,
    });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs("a")).toBe(0);
      limiter.fail("a");
    }
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const wait = limiter.retryAfterMs("a");
      waits.push(wait);
      t += wait;
      expect(limiter.retryAfterMs("a")).toBe(0);
      limiter.fail("a");
    }
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(limiter.retryAfterMs("b")).toBe(0);
  });

  it("never locks out for longer than the cap, however many failures", () => {
    let t = 0;
    const limiter = createAttemptLimiter({ free: 1, maxDelayMs: 5000, windowMs: 60_000, now: () => t });
    for (let i = 0; i < 200; i++) {
      t += limiter.retryAfterMs("a");
      limiter.fail("a");
    }
    expect(limiter.retryAfterMs("a")).toBe(5000);
  });

  it("forgets failures a window after the last one, or after a success", () => {
    let t = 0;
    const limiter = createAttemptLimiter({ free: 2, maxDelayMs: 5000, windowMs: 10_000, now: () => t });
    limiter.fail("a");
    limiter.fail("a");
    expect(limiter.retryAfterMs("a")).toBe(1000);
    t = 10_000;
    expect(limiter.retryAfterMs("a")).toBe(0);
    limiter.fail("a");
    limiter.fail("a");
    expect(limiter.retryAfterMs("a")).toBeGreaterThan(0);
    limiter.reset("a");
    expect(limiter.retryAfterMs("a")).toBe(0);
  });

  it("keeps at most maxKeys keys, dropping the stalest", () => {
    const limiter = createAttemptLimiter({ free: 1, maxDelayMs: 1000, windowMs: 1000, maxKeys: 2, now: () => 0 });
    limiter.fail("a");
    limiter.fail("b");
    limiter.fail("c");
    expect(limiter.retryAfterMs("a")).toBe(0);
    expect(limiter.retryAfterMs("c")).toBe(1000);
  });
});
