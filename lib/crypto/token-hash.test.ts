import { describe, expect, it } from "vitest";
import { hashToken } from "./token-hash";

describe("hashToken", () => {
  it("is the sha256 of the token's UTF-8 bytes in lowercase hex", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashToken("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hashToken("é")).toBe("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    expect(hashToken("loupe_abc")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives different hashes for different tokens", () => {
    expect(hashToken("a")).not.toBe(hashToken("b"));
  });
});
