import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretDecryptError } from "./secrets";

const key = randomBytes(32);

describe("workspace secrets", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("sk-live-123", key, "ws1:model.apiKey");
    expect(sealed).not.toContain("sk-live-123");
    expect(decryptSecret(sealed, key, "ws1:model.apiKey")).toBe("sk-live-123");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key, "c")).not.toBe(encryptSecret("same", key, "c"));
  });

  it("refuses another key, another context, and a tampered value", () => {
    const sealed = encryptSecret("token", key, "ws1:sandbox.token");
    expect(() => decryptSecret(sealed, randomBytes(32), "ws1:sandbox.token")).toThrow(SecretDecryptError);
    expect(() => decryptSecret(sealed, key, "ws2:sandbox.token")).toThrow(SecretDecryptError);
    const [v, iv, ct, tag] = sealed.split(".");
    const flipped = Buffer.from(ct!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      decryptSecret([v, iv, flipped.toString("base64url"), tag].join("."), key, "ws1:sandbox.token"),
    ).toThrow(/LOUPE_SECRET/);
    expect(() => decryptSecret("garbage", key, "x")).toThrow(/unknown format/);
  });
});
