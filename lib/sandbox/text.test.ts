import { describe, expect, it } from "vitest";
import { CappedBuffer, capText, stripAnsi } from "./text";

describe("stripAnsi", () => {
  it("removes IPython's colour codes and OSC sequences", () => {
    expect(stripAnsi("\u001b[0;31mNameError\u001b[0m: x")).toBe("NameError: x");
    expect(stripAnsi("\u001b]0;title\u0007text")).toBe("text");
    expect(stripAnsi("plain [brackets] stay")).toBe("plain [brackets] stay");
  });
});

describe("capText", () => {
  it("leaves text within the cap alone", () => {
    expect(capText("hello", 5)).toBe("hello");
  });

  it("cuts at the cap with a marker saying how much there was", () => {
    expect(capText("abcdefgh", 3)).toBe("abc\n[output truncated: showing the first 3 of 8 characters]\n");
  });
});

describe("CappedBuffer", () => {
  it("keeps at most the cap across chunks and counts the rest", () => {
    const buffer = new CappedBuffer(4);
    buffer.push("ab");
    buffer.push("cdef");
    buffer.push("gh");
    expect(buffer.value()).toBe("abcd\n[output truncated: showing the first 4 of 8 characters]\n");
  });

  it("uses the kernel's own count when it cut the stream earlier", () => {
    const buffer = new CappedBuffer(4);
    buffer.push("abcde");
    expect(buffer.value(1_000)).toBe("abcd\n[output truncated: showing the first 4 of 1000 characters]\n");
  });
});
