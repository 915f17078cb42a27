import { describe, expect, it } from "vitest";
import { cropsBySource, toDrawable } from "./boxes";
import { codeBody, formatDuration, formatRelative } from "./format";
import { tokenizePython } from "./python-tokens";
import { displayUrl, safeHref } from "./safe-url";

describe("safeHref", () => {
  it("keeps http(s) links and drops every other scheme", () => {
    expect(safeHref("https://example.com/a?b=1")).toBe("https://example.com/a?b=1");
    expect(safeHref(" http://x.org ")).toBe("http://x.org/");
    for (const bad of ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<b>", "/relative", "", null])
      expect(safeHref(bad)).toBeNull();
  });

  it("shows links without scheme or www", () => {
    expect(displayUrl("https://www.nasa.gov/hubble/")).toBe("nasa.gov/hubble/");
  });
});

describe("toDrawable", () => {
  const image = { width: 100, height: 50 };
  it("normalises reversed boxes and clips to the image", () => {
    expect(toDrawable([80, 40, 20, -10], 1, image)).toEqual({ number: 1, x: 20, y: 0, width: 60, height: 40 });
    expect(toDrawable([90, 10, 200, 80], 2, image)).toEqual({ number: 2, x: 90, y: 10, width: 10, height: 40 });
  });
  it("drops boxes with no area inside the image", () => {
    expect(toDrawable([10, 10, 10, 20], 1, image)).toBeNull();
    expect(toDrawable([120, 0, 150, 10], 1, image)).toBeNull();
  });
  it("groups crops by source image, numbered in step order", () => {
    const groups = cropsBySource([
      { source: 1, box: [0, 0, 1, 1] },
      { source: 2, box: [0, 0, 2, 2] },
      { source: 1, box: [0, 0, 3, 3] },
    ]);
    expect(groups.get(1)?.map((c) => c.number)).toEqual([1, 3]);
    expect(groups.get(2)?.map((c) => c.number)).toEqual([2]);
  });
});

describe("format", () => {
  it("formats durations", () => {
    expect(formatDuration(420)).toBe("420 ms");
    expect(formatDuration(1530)).toBe("1.5 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
  });
  it("formats relative times", () => {
    const now = new Date("2025-01-02T00:00:00Z");
    expect(formatRelative("2025-01-01T23:59:30Z", now)).toBe("just now");
    expect(formatRelative("2025-01-01T23:50:00Z", now)).toBe("10 min ago");
    expect(formatRelative("2025-01-01T21:00:00Z", now)).toBe("3 h ago");
  });
  it("takes the code out of its fence, finished or still streaming", () => {
    expect(codeBody("```python\nprint(1)\n```")).toBe("print(1)");
    expect(codeBody("\n```python\nx = 1\ny")).toBe("x = 1\ny");
    expect(codeBody("print(2)")).toBe("print(2)");
  });
});

describe("tokenizePython", () => {
  const source =
    'w, h = image_1.size  # size\ncrop = image_1.crop((0, 0, w // 2, h // 2))\nprint("a\\"b", 1.5e3)\nif True: pass';
  const tokens = tokenizePython(source);
  it("round-trips the source exactly", () => {
    expect(tokens.map((t) => t.text).join("")).toBe(source);
  });
  it("classifies tokens", () => {
    const kinds = (kind: string) => tokens.filter((t) => t.kind === kind).map((t) => t.text);
    expect(kinds("comment")).toEqual(["# size"]);
    expect(kinds("image")).toEqual(["image_1", "image_1"]);
    expect(kinds("string")).toEqual(['"a\\"b"']);
    expect(kinds("number")).toEqual(["0", "0", "2", "2", "1.5e3"]);
    expect(kinds("keyword")).toEqual(["if", "True", "pass"]);
    expect(kinds("builtin")).toEqual(["print"]);
  });
  it("copes with an unterminated string while streaming", () => {
    const partial = 'print("half';
    expect(
      tokenizePython(partial)
        .map((t) => t.text)
        .join(""),
    ).toBe(partial);
  });
});
