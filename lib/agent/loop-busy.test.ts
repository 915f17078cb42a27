// Overload: a model server answering 429/503 is retried at most 3 tries within 30 s, at the pace
// its Retry-After asks, and the trace says "Model busy, retrying"; nothing else is retried, and
// nothing is retried once a token has streamed.
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorFromStatus, ModelError } from "@/lib/model/errors";
import { systemClock } from "@/lib/runs/clock";
import { reduceTrace } from "@/lib/trace";
import { FakeClock } from "./testing/fakes";
import { ofType, setup } from "./testing/turn";

const busy = (status: 429 | 503, retryAfter?: string) => ({
  text: "",
  error: errorFromStatus(status, "Server overloaded", "m", retryAfter),
});
const ANSWER = { text: "<think>ok</think>\n<answer>STOP</answer>" };

afterEach(() => void vi.useRealTimers());

describe("a busy model server", () => {
  it("is tried again after two 503s, waiting as Retry-After asks, and the turn completes", async () => {
    const clock = new FakeClock();
    const t = setup([busy(503, "2"), busy(503, "Tue, 01 Jan 2030 00:00:05 GMT"), ANSWER], { clock });
    const { outcome, events } = await t.run();
    expect(outcome).toMatchObject({ status: "completed", answer: "STOP", calls: 1 });
    expect(t.model.requests).toHaveLength(3);
    // 2 s, then until 00:00:05 (2 s have passed already).
    expect(clock.sleeps).toEqual([2000, 3000]);
    expect(ofType(events, "model_retry")).toEqual([
      {
        type: "model_retry",
        call: 1,
        attempt: 2,
        maxTries: 3,
        waitMs: 2000,
        status: 503,
        message: "Model busy, retrying in 2 s (attempt 2 of 3): the model server answered HTTP 503.",
      },
      expect.objectContaining({ attempt: 3, waitMs: 3000 }),
    ]);
    expect(ofType(events, "error")).toEqual([]);
    const steps = reduceTrace(events).turns[0]!.steps;
    expect(steps.filter((s) => s.kind === "error")).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "model_busy",
        message: expect.stringMatching(/^Model busy, retrying in 2 s/),
      }),
      expect.objectContaining({
        severity: "warning",
        code: "model_busy",
        message: expect.stringMatching(/^Model busy, retrying in 3 s/),
      }),
    ]);
  });

  it("gives up after 3 tries with a sentence, and backs off with jitter without Retry-After", async () => {
    const clock = new FakeClock(undefined, 0);
    const t = setup([busy(429), busy(429), busy(429), ANSWER], { clock });
    const { outcome, events } = await t.run();
    expect(outcome.status).toBe("failed");
    expect(t.model.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(ofType(events, "error")).toEqual([
      {
        type: "error",
        call: 1,
        code: "model_busy",
        message: "The model server is busy (HTTP 429): Server overloaded It was tried 3 times; try again in a moment.",
      },
    ]);
  });

  it("keeps within 30 s: a Retry-After of two minutes is capped, then the budget is spent", async () => {
    const clock = new FakeClock();
    const t = setup([busy(503, "120"), busy(503, "120"), ANSWER], { clock });
    const { outcome } = await t.run();
    expect(outcome.status).toBe("failed");
    expect(clock.sleeps).toEqual([30_000]);
    expect(t.model.requests).toHaveLength(2);
  });

  it("retries nothing else: a 500, a refused key, a timeout, a dropped stream", async () => {
    for (const error of [
      errorFromStatus(500, "CUDA out of memory", "m"),
      errorFromStatus(401, "no", "m"),
      new ModelError("timeout", "The model server did not respond for 10 s."),
      new ModelError("stream_dropped", "The connection dropped."),
    ]) {
      const clock = new FakeClock();
      const t = setup([{ text: "", error }, ANSWER], { clock });
      const { outcome, events } = await t.run();
      expect(outcome.status, error.code).toBe("failed");
      expect(t.model.requests, error.code).toHaveLength(1);
      expect(ofType(events, "model_retry"), error.code).toEqual([]);
      expect(clock.sleeps).toEqual([]);
    }
  });

  it("is not retried once a token has streamed", async () => {
    const clock = new FakeClock();
    const t = setup([{ ...busy(503, "1"), text: "<think>half a thou" }, ANSWER], { clock });
    const { outcome } = await t.run();
    expect(outcome.status).toBe("failed");
    expect(t.model.requests).toHaveLength(1);
  });

  it("waits on the real clock (fake timers): no second try before Retry-After has passed", async () => {
    vi.useFakeTimers();
    const t = setup([busy(503, "5"), ANSWER], { clock: systemClock });
    const done = t.run();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(t.model.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const { outcome } = await done;
    expect(outcome.status).toBe("completed");
    expect(t.model.requests).toHaveLength(2);
  });

  it("a cancel during the wait ends the turn cancelled without another try", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const t = setup([busy(503, "20"), ANSWER], { clock: systemClock, signal: controller.signal });
    const done = t.run();
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    const { outcome } = await done;
    expect(outcome.status).toBe("cancelled");
    expect(t.model.requests).toHaveLength(1);
  });
});
