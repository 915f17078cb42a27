import { describe, expect, it } from "vitest";
import { cleanText, decodeEntities, LIMITS, safeLink, stripTags, truncate } from "./sanitize";

describe("stripTags", () => {
  it("removes tags and keeps a bare less-than sign", () => {
    expect(stripTags("<b>Bold</b> and <a href='x'>link</a>.")).toBe("Bold and link.");
    expect(stripTags("one<br>two<p>three</p>")).toBe("one two three ");
    expect(stripTags("a < b and c<d")).toBe("a < b and c<d");
    expect(stripTags("<script>alert(1)</script>hi")).toBe(" alert(1) hi");
    expect(stripTags("<strong>eiffel</strong>.")).toBe("eiffel.");
  });
  it("stays linear on thousands of unclosed tags", () => {
    const hostile = "<a".repeat(100_000);
    expect(stripTags(hostile)).toBe(hostile);
  });
});

describe("decodeEntities", () => {
  it("decodes named and numeric entities, leaves unknown ones", () => {
    expect(decodeEntities("Tom &amp; Jerry &#39;s &#x263A; &lt;b&gt; &bogus;")).toBe("Tom & Jerry 's ☺ <b> &bogus;");
    expect(decodeEntities("&#xD800;&#0;")).toBe("");
  });
});

describe("cleanText", () => {
  it("turns provider HTML into one plain line", () => {
    expect(cleanText("  <strong>Eiffel</strong>\n Tower &amp; <em>Paris</em>\t", 100)).toBe("Eiffel Tower & Paris");
  });
  it("caps a 50 KB title", () => {
    const t = cleanText("A".repeat(50_000), LIMITS.title);
    expect(Array.from(t)).toHaveLength(LIMITS.title);
    expect(t.endsWith("…")).toBe(true);
  });
  it("does not split surrogate pairs when cutting", () => {
    expect(truncate("😀".repeat(10), 4)).toBe("😀😀😀…");
  });
  it("treats non-strings as empty", () => {
    expect(cleanText(null, 10)).toBe("");
    expect(cleanText({ a: 1 }, 10)).toBe("");
    expect(cleanText(2024, 10)).toBe("2024");
  });
  it("keeps entity-encoded markup as inert text", () => {
    expect(cleanText("&lt;img src=x onerror=alert(1)&gt;", 100)).toBe("<img src=x onerror=alert(1)>");
  });
});

describe("safeLink", () => {
  it.each([
    ["https://example.com/a?b=c", "https://example.com/a?b=c"],
    ["  http://EXAMPLE.com  ", "http://example.com/"],
  ])("keeps %s", (input, out) => expect(safeLink(input)).toBe(out));

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "/relative/path",
    "//example.com/x",
    "https://user:pw@example.com/",
    `https://example.com/${"a".repeat(LIMITS.link)}`,
    "",
    42,
    null,
  ])("drops %s", (input) => expect(safeLink(input)).toBeNull());
});

describe("decodeEntities reads HTML's character references (entities)", () => {
  it.each([
    ["&eacute;t&eacute; &rarr; &notin; &frac12; &hellip;", "été → ∉ ½ …"],
    ["&AMP; &LT;&GT; &QUOT;", '& <> "'], // the upper-case names HTML has
    ["&Amp; &NBSP;", "&Amp; &NBSP;"], // and not the ones it has not
    ["&Lt; &lt;", "≪ <"],
    ["AT&T &amp Q&A &copy2024", "AT&T &amp Q&A &copy2024"], // a reference ends with its semicolon
    ["&#x1F600;&#128512; &#65;&#X41;", "😀😀 AA"],
    ["&#128; &#x9F;", "€ Ÿ"], // C1 numbers as HTML reads them (windows-1252)
    ["&#x110000;&#99999999;&#xDFFF; ok", " ok"],
    ["Caf\uFFFD", "Caf"],
    ["&#; &#x; & &;", "&#; &#x; & &;"],
    ["&amp;lt;", "&lt;"], // decoded once
  ])("%s", (input, output) => {
    expect(decodeEntities(input)).toBe(output);
  });

  it("stays linear on hostile input", () => {
    for (const hostile of ["&".repeat(200_000), "&#".repeat(100_000), "&amp".repeat(50_000), "&#x1".repeat(50_000)]) {
      const started = performance.now();
      expect(decodeEntities(hostile).length).toBeLessThanOrEqual(hostile.length);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
