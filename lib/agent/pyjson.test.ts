import { describe, expect, it } from "vitest";
import { pyJsonLoads } from "./pyjson";

// Expected messages were produced with CPython 3.11's json.loads.
const cases: [string, string][] = [
  [
    `{'name': 'search', 'arguments': {'query': 'x'}}`,
    "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
  ],
  [`{"name":"search",}`, "Expecting property name enclosed in double quotes: line 1 column 18 (char 17)"],
  [`{"name": "search", "arguments": {"query": "x"}`, "Expecting ',' delimiter: line 1 column 47 (char 46)"],
  [`{"name" "search"}`, "Expecting ':' delimiter: line 1 column 9 (char 8)"],
  [``, "Expecting value: line 1 column 1 (char 0)"],
  [`{"a": 1}\n{"b": 2}`, "Extra data: line 2 column 1 (char 9)"],
  [`{"a": "x`, "Unterminated string starting at: line 1 column 7 (char 6)"],
  [`{"a": "\\q"}`, "Invalid \\escape: line 1 column 8 (char 7)"],
  [`{"😀": [1, 2,]}`, "Expecting value: line 1 column 13 (char 12)"],
  [`{"a": "b\nc"}`, "Invalid control character at: line 1 column 9 (char 8)"],
];

describe("pyJsonLoads", () => {
  it.each(cases)("%s", (doc, message) => {
    expect(() => pyJsonLoads(doc)).toThrow(message);
  });
  it("parses what Python parses", () => {
    expect(
      pyJsonLoads(' {"name": "search", "arguments": {"query": "caf\\u00e9 😀", "n": [1, -2.5e3, true, null]}} '),
    ).toEqual({
      name: "search",
      arguments: { query: "café 😀", n: [1, -2500, true, null] },
    });
    expect(pyJsonLoads("NaN")).toBeNaN();
  });
});
