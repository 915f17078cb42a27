import { describe, expect, it } from "vitest";
import { MemoryBudget } from "./upload-budget";

/** Sleeps end only when the test moves the time past them, or when their signal aborts. */
class ManualClock {
  #time = 0;
  readonly #sleepers: { until: number; wake: () => void }[] = [];

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      this.#sleepers.push({ until: this.#time + ms, wake: resolve });
      signal?.addEventListener("abort", () => resolve(), { once: true });
    });
  }

  advance(ms: number): void {
    this.#time += ms;
    for (const sleeper of this.#sleepers.filter((s) => s.until <= this.#time)) sleeper.wake();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function budget(capacity = 64) {
  const clock = new ManualClock();
  return { clock, budget: new MemoryBudget(capacity, { waitMs: 30_000, clock }) };
}

/** The promise's state without waiting for it. */
async function state(promise: Promise<unknown>): Promise<"pending" | "resolved" | "rejected"> {
  let result: "pending" | "resolved" | "rejected" = "pending";
  promise.then(
    () => (result = "resolved"),
    () => (result = "rejected"),
  );
  await settle();
  return result;
}

describe("MemoryBudget", () => {
  it("counts what is reserved, gives it back once, and remembers the most held", async () => {
    const { budget: b } = budget();
    const first = await b.reserve(10);
    const second = await b.reserve(20);
    expect(b.held).toBe(30);
    first();
    first();
    expect(b.held).toBe(20);
    second();
    expect(b.held).toBe(0);
    expect(b.highWater).toBe(30);
    const none = await b.reserve(0);
    none();
    expect(b.held).toBe(0);
  });

  it("makes a reservation that does not fit wait, then serves waiters in order as room comes", async () => {
    const { budget: b } = budget();
    const first = await b.reserve(40);
    const second = b.reserve(40);
    const third = b.reserve(10); // would fit, but does not overtake the one before it
    expect(await state(second)).toBe("pending");
    expect(await state(third)).toBe("pending");
    expect(b.waiting).toBe(2);
    expect(b.held).toBe(40);
    first();
    expect(await state(second)).toBe("resolved");
    expect(await state(third)).toBe("resolved");
    expect(b.held).toBe(50);
    expect(b.highWater).toBeLessThanOrEqual(64);
    (await second)();
    (await third)();
    expect(b.held).toBe(0);
  });

  it("lets a reservation larger than the whole budget go alone, once nothing else is held", async () => {
    const { budget: b } = budget();
    const small = await b.reserve(10);
    const large = b.reserve(200);
    const after = b.reserve(1);
    expect(await state(large)).toBe("pending");
    small();
    expect(await state(large)).toBe("resolved");
    expect(await state(after)).toBe("pending");
    expect(b.held).toBe(200);
    (await large)();
    expect(await state(after)).toBe("resolved");
    expect(b.held).toBe(1);
  });

  it("answers 503 unavailable:uploads when no room comes in time, holding nothing, and lets the next one in", async () => {
    const { budget: b, clock } = budget();
    const first = await b.reserve(40);
    const tooLate = b.reserve(40);
    tooLate.catch(() => undefined);
    await settle();
    clock.advance(29_999);
    expect(await state(tooLate)).toBe("pending");
    const later = b.reserve(10); // waits behind the one that will give up
    await settle();
    clock.advance(1);
    await expect(tooLate).rejects.toMatchObject({
      code: "unavailable:uploads",
      status: 503,
      message:
        "Loupe is busy with other uploads and found no room for these images within 30 seconds. Send the question again in a moment.",
    });
    expect(await state(later)).toBe("resolved");
    expect(b.held).toBe(50);
    expect(b.waiting).toBe(0);
    first();
    (await later)();
    expect(b.held).toBe(0);
  });

  it("holds nothing for a request that goes away while it waits, or before it asks", async () => {
    const { budget: b } = budget();
    const first = await b.reserve(60);
    const gone = new AbortController();
    const waiting = b.reserve(10, gone.signal);
    expect(await state(waiting)).toBe("pending");
    gone.abort(new Error("client went away"));
    await expect(waiting).rejects.toThrow("client went away");
    expect(b.waiting).toBe(0);
    expect(b.held).toBe(60);
    await expect(b.reserve(1, gone.signal)).rejects.toThrow("client went away");
    first();
    expect(b.held).toBe(0);
  });

  it("gives back room granted to a request that went away in the same moment", async () => {
    const { budget: b } = budget();
    const first = await b.reserve(60);
    const gone = new AbortController();
    const waiting = b.reserve(10, gone.signal);
    await settle();
    first(); // grants the waiter…
    gone.abort(new Error("client went away")); // …which is gone before it runs again
    await expect(waiting).rejects.toThrow("client went away");
    expect(b.held).toBe(0);
  });
});
