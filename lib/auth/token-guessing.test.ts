import { describe, expect, it } from "vitest";
import { createGuessLimiter, requireNotGuessing } from "./token-guessing";

describe("guessing tokens", () => {
  it("refuses a client's lookups after too many unknown tokens in a minute, until the oldest ages out", () => {
    let t = 0;
    const limiter = createGuessLimiter({ max: 3, windowMs: 60_000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs("10.0.0.1")).toBe(0);
      limiter.miss("10.0.0.1");
      t += 1000;
    }
    expect(limiter.retryAfterMs("10.0.0.1")).toBe(57_000);
    expect(() => requireNotGuessing("10.0.0.1", limiter)).toThrow(
      expect.objectContaining({
        code: "rate_limited:share",
        message: expect.stringMatching(/Try again in 57 seconds/),
      }),
    );
    // Another client is not held back.
    expect(limiter.retryAfterMs("10.0.0.2")).toBe(0);
    t = 60_000;
    expect(limiter.retryAfterMs("10.0.0.1")).toBe(0);
  });

  it("forgets the stalest clients past its bound", () => {
    const limiter = createGuessLimiter({ max: 1, windowMs: 60_000, maxKeys: 2, now: () => 0 });
    for (const client of ["a", "b", "c"]) limiter.miss(client);
    expect(["a", "b", "c"].map((c) => limiter.retryAfterMs(c) > 0)).toEqual([false, true, true]);
  });
});
