import { describe, expect, it } from "vitest";
import { absoluteLink } from "./absolute-link";

describe("absoluteLink", () => {
  it("puts a path on the page's own origin and leaves absolute links alone", () => {
    expect(absoluteLink("/s/abc", "http://loupe.lan:3000")).toBe("http://loupe.lan:3000/s/abc");
    expect(absoluteLink("https://loupe.example.com/s/abc", "http://loupe.lan:3000")).toBe(
      "https://loupe.example.com/s/abc",
    );
    expect(absoluteLink("//evil.example/s/abc", "http://loupe.lan:3000")).toBe("//evil.example/s/abc");
    expect(absoluteLink("/s/abc")).toBe("/s/abc"); // no window here
  });
});
