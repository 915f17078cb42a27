import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateSecret, secretFile } from "./instance-key";

describe("loadOrCreateSecret", () => {
  it("prefers the configured value", () => {
    expect(loadOrCreateSecret("/nonexistent", "x".repeat(40))).toBe("x".repeat(40));
  });

  it("generates a private key file once and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-secret-"));
    const first = loadOrCreateSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(secretFile(dir)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(dir)).toBe(first);
    fs.rmSync(dir, { recursive: true });
  });
});
