import { describe, expect, it } from "vitest";
import { PendingCancels } from "./pending-cancels";

describe("PendingCancels", () => {
  it("hands a cancel to the run that starts within the time it is kept, once", () => {
    let now = 0;
    const pending = new PendingCancels(60_000, () => now);
    pending.add("a");
    now = 59_000;
    expect(pending.take("a")).toBe(true);
    expect(pending.take("a")).toBe(false);
    expect(pending.take("never-cancelled")).toBe(false);
  });

  it("lets a cancel expire, and forgets expired ones as new ones arrive", () => {
    let now = 0;
    const pending = new PendingCancels(60_000, () => now);
    pending.add("old");
    now = 61_000;
    expect(pending.take("old")).toBe(false);
    pending.add("stale");
    now = 122_000;
    pending.add("new");
    expect(pending.has("stale")).toBe(false);
    expect(pending.has("new")).toBe(true);
  });
});
