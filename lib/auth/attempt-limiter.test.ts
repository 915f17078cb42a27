import { describe, expect, it } from "vitest";
import { createAttemptLimiter } from "./attempt-limiter";

describe("attempt limiter", () => {
  it("blocks after max failures in the window, until the oldest ages out", () => {
    let t = 0;
    const limiter = createAttemptLimiter({ max: 3, windowMs: 1000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs("a")).toBe(0);
      limiter.fail("a");
      t += 100;
    }
    expect(limiter.retryAfterMs("a")).toBe(700);
    expect(limiter.retryAfterMs("b")).toBe(0);
    t = 1001;
    expect(limiter.retryAfterMs("a")).toBe(0);
  });

  it("forgets failures after a success", () => {
    const limiter = createAttemptLimiter({ max: 2, windowMs: 1000, now: () => 0 });
    limiter.fail("a");
    limiter.fail("a");
    expect(limiter.retryAfterMs("a")).toBeGreaterThan(0);
    limiter.reset("a");
    expect(limiter.retryAfterMs("a")).toBe(0);
  });

  it("keeps at most maxKeys accounts, dropping the stalest", () => {
    const limiter = createAttemptLimiter({ max: 1, windowMs: 1000, maxKeys: 2, now: () => 0 });
    limiter.fail("a");
    limiter.fail("b");
    limiter.fail("c");
    expect(limiter.retryAfterMs("a")).toBe(0);
    expect(limiter.retryAfterMs("c")).toBe(1000);
  });
});
