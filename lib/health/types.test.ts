import { describe, expect, it } from "vitest";
import { overallStatus, timedCheck, type ComponentHealth } from "./types";

const ok: ComponentHealth = { status: "ok", reason: "fine", latencyMs: 1 };
const off: ComponentHealth = { status: "not_configured", reason: "off", latencyMs: null };
const down: ComponentHealth = { status: "down", reason: "broken", latencyMs: 1 };

describe("health", () => {
  it("is down only when the database is", () => {
    expect(overallStatus({ database: ok, sandbox: off, model: off, search: off })).toBe("ok");
    expect(overallStatus({ database: ok, sandbox: down, model: ok, search: off })).toBe("degraded");
    expect(overallStatus({ database: down, sandbox: ok, model: ok, search: ok })).toBe("down");
  });

  it("turns a hanging check into a down with a sentence", async () => {
    const result = await timedCheck(
      (signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
      50,
    );
    expect(result).toMatchObject({ status: "down", reason: "no answer within 0.05 s" });
  });

  it("reports a thrown error's message", async () => {
    const result = await timedCheck(() => Promise.reject(new Error("connection refused")), 1000);
    expect(result.status).toBe("down");
    expect(result.reason).toBe("connection refused");
  });
});
