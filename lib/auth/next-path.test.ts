import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/c/123?tab=trace#turn-2")).toBe("/c/123?tab=trace#turn-2");
    expect(safeNextPath("/settings/members")).toBe("/settings/members");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "http:/evil.example",
    "",
    null,
    undefined,
  ])("refuses %j", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });
});
