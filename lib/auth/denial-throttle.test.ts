import { describe, expect, it } from "vitest";
import { createDenialThrottle } from "./denial-throttle";

describe("the throttle on refused attempts in the audit log", () => {
  it("writes one entry per client a minute, however many attempts, and counts the rest into the next", () => {
    let t = 0;
    const throttle = createDenialThrottle({ windowMs: 60_000, now: () => t });
    const written: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const n = throttle.take("share|-|10.0.0.1");
      if (n > 0) written.push(n);
      t += 10; // 1000 attempts in ten seconds
    }
    expect(written).toEqual([1]);
    t = 60_000;
    expect(throttle.take("share|-|10.0.0.1")).toBe(1000); // the 999 held back, and this one
    expect(throttle.take("share|-|10.0.0.1")).toBe(0);
  });

  it("keeps clients, workspaces and kinds apart", () => {
    const throttle = createDenialThrottle({ windowMs: 60_000, now: () => 0 });
    expect(["a|w|1", "a|w|2", "b|w|1", "a|v|1"].map((k) => throttle.take(k))).toEqual([1, 1, 1, 1]);
    expect(throttle.take("a|w|1")).toBe(0);
  });

  it("forgets the stalest keys past its bound", () => {
    let t = 0;
    const throttle = createDenialThrottle({ windowMs: 60_000, maxKeys: 2, now: () => t++ });
    throttle.take("one");
    throttle.take("two");
    throttle.take("three");
    expect(throttle.take("one")).toBe(1); // forgotten, so written again at once
    expect(throttle.take("three")).toBe(0);
  });
});
