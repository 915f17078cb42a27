import { describe, expect, it } from "vitest";
import { SLUG_PATTERN, slugify, withSuffix } from "./slug";

describe("slugify", () => {
  it("makes a readable slug from a name", () => {
    expect(slugify("Vision Lab!")).toBe("vision-lab");
    expect(slugify("  Ångström   Café ")).toBe("angstrom-cafe");
  });
  it("falls back when nothing usable is left", () => {
    expect(slugify("!!!")).toBe("workspace");
    expect(slugify("a")).toBe("workspace");
  });
  it("always yields a valid slug, also with a suffix", () => {
    for (const name of ["x".repeat(100), "Ada's workspace", "--a--b--", "数字"]) {
      expect(slugify(name)).toMatch(SLUG_PATTERN);
      expect(withSuffix(slugify(name), "k3x9")).toMatch(SLUG_PATTERN);
    }
  });
});
