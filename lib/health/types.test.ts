import { describe, expect, it } from "vitest";
import { overallStatus, publicHealth, timedCheck, type ComponentHealth } from "./types";

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

  it("shows a caller without a session or key only each dependency's status", () => {
    const secret: ComponentHealth = {
      status: "down",
      reason: "PostgreSQL at postgres://loupe:hunter2@db.internal:5432/loupe does not answer.",
      latencyMs: 12,
      warnings: ["http://gpu-box:8000/v1 serves a short context"],
    };
    const report = publicHealth({
      status: "down",
      checkedAt: "2026-01-01T00:00:00.000Z",
      components: {
        database: secret,
        sandbox: off,
        model: { ...ok, reason: "http://gpu-box:8000/v1 serves x" },
        search: off,
      },
    });
    expect(report).toEqual({
      status: "down",
      checkedAt: "2026-01-01T00:00:00.000Z",
      components: {
        database: { status: "down" },
        sandbox: { status: "not_configured" },
        model: { status: "ok" },
        search: { status: "not_configured" },
      },
    });
  });
});
