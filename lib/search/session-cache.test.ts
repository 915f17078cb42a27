import { describe, expect, it } from "vitest";
import { createSessionCache } from "./session-cache";

describe("session cache", () => {
  it("computes once per (session, key) and shares concurrent calls", async () => {
    let calls = 0;
    const cache = createSessionCache<number>({ ttlMs: 1000, maxSessions: 10, maxEntriesPerSession: 10 });
    const compute = () => Promise.resolve(++calls);
    const [a, b] = await Promise.all([cache.getOrCompute("s", "k", compute), cache.getOrCompute("s", "k", compute)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    expect(await cache.getOrCompute("t", "k", compute)).toBe(2);
  });

  it("expires entries", async () => {
    let now = 0;
    let calls = 0;
    const cache = createSessionCache<number>({ ttlMs: 100, maxSessions: 10, maxEntriesPerSession: 10, now: () => now });
    await cache.getOrCompute("s", "k", () => Promise.resolve(++calls));
    now = 101;
    expect(await cache.getOrCompute("s", "k", () => Promise.resolve(++calls))).toBe(2);
  });

  it("evicts the least recently used session and entry", async () => {
    const cache = createSessionCache<string>({ ttlMs: 1000, maxSessions: 2, maxEntriesPerSession: 2 });
    const v = (x: string) => () => Promise.resolve(x);
    await cache.getOrCompute("a", "1", v("a1"));
    await cache.getOrCompute("a", "2", v("a2"));
    await cache.getOrCompute("a", "1", v("again")); // touch 1
    await cache.getOrCompute("a", "3", v("a3")); // evicts 2
    expect(await cache.getOrCompute("a", "1", v("new"))).toBe("a1");
    expect(await cache.getOrCompute("a", "2", v("new2"))).toBe("new2");
    await cache.getOrCompute("b", "1", v("b1"));
    await cache.getOrCompute("c", "1", v("c1")); // evicts session a
    expect(cache.size("a")).toBe(0);
    expect(cache.size("c")).toBe(1);
  });

  it("forgets failures", async () => {
    const cache = createSessionCache<number>({ ttlMs: 1000, maxSessions: 10, maxEntriesPerSession: 10 });
    await expect(cache.getOrCompute("s", "k", () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await cache.getOrCompute("s", "k", () => Promise.resolve(7))).toBe(7);
  });
});
