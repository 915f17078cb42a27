import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it.each([
    ["/c/123?tab=trace#turn-2", "/c/123?tab=trace#turn-2"],
    ["/settings/members", "/settings/members"],
    ["/", "/"],
    ["/c/1?back=//elsewhere#//x", "/c/1?back=//elsewhere#//x"],
    ["/settings/./members", "/settings/members"],
    ["/a/../settings", "/settings"],
  ])("keeps %j on this site as %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  // Each of these would take the browser to another site, as a Location header or through
  // `window.location.assign`, in some browser or behind some proxy that decodes the path.
  it.each([
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "evil.example",
    "http:/evil.example",
    "/./\\/evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e%2e//evil.example",
    "/%2e//evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%252F%252Fevil.example",
    "/%25252F/evil.example",
    "/%09/evil.example",
    "",
    null,
    undefined,
  ])("refuses %j", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });
});
