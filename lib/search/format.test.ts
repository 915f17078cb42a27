import { describe, expect, it } from "vitest";
import type { EncodedImage } from "@/lib/agent/ports";
import {
  formatImageSearchObservation,
  formatTextSearchObservation,
  imageObservationText,
  imageSearchErrorObservation,
  textSearchErrorObservation,
} from "./format";

const img = (w: number): EncodedImage => ({ data: new Uint8Array([w]), mediaType: "image/png", width: w, height: w });

describe("text search observation (PROTOCOL §4)", () => {
  it("matches the protocol's exact example", () => {
    const obs = formatTextSearchObservation("who won", [
      { title: "T1", link: "http://a", snippet: "S1" },
      { title: "T2", link: "http://b", snippet: "S2", date: "2024-01-01" },
    ]);
    expect(obs).toBe(
      "<tool_response>\nA Google search for 'who won' found 2 results:\n\n## Web Results\n1. [T1](http://a)\n\nS1\n\n2. [T2](http://b)\nDate published: 2024-01-01\n\nS2\n</tool_response>",
    );
  });

  it("keeps the reference's layout for a hit without snippet", () => {
    expect(formatTextSearchObservation("q", [{ title: "T", link: "http://a" }])).toBe(
      "<tool_response>\nA Google search for 'q' found 1 results:\n\n## Web Results\n1. [T](http://a)\n\n</tool_response>",
    );
  });

  it("formats zero results the way the reference does", () => {
    expect(formatTextSearchObservation("nothing", [])).toBe(
      "<tool_response>\nA Google search for 'nothing' found 0 results:\n\n## Web Results\n\n</tool_response>",
    );
  });

  it("deletes the video notice from entries", () => {
    const obs = formatTextSearchObservation("v", [
      { title: "Clip", link: "http://v", snippet: "Your browser can't play this video. Watch later" },
    ]);
    expect(obs).toContain("1. [Clip](http://v)\n\n Watch later\n</tool_response>");
  });

  it("uses the query as given", () => {
    expect(formatTextSearchObservation('it\'s "x"', [])).toContain("A Google search for 'it's \"x\"' found 0");
  });
});

describe("image search observation (PROTOCOL §4)", () => {
  it("puts each thumbnail inline, matching the protocol's exact parts", () => {
    const a = img(1);
    const b = img(2);
    const parts = formatImageSearchObservation([
      { title: "Title A", link: "http://a", thumbnail: a },
      { title: "Title B", link: "http://b", thumbnail: b },
    ]);
    expect(parts).toEqual([
      {
        type: "text",
        text: "<tool_response>\nA Google image search for the image found 2 results:\n\n## Web Results\n1. ",
      },
      { type: "image", image: a },
      { type: "text", text: "\n[Title A] \n\n\n2. " },
      { type: "image", image: b },
      { type: "text", text: "\n[Title B] \n\n</tool_response>" },
    ]);
    expect(imageObservationText(parts)).toBe(
      "<tool_response>\nA Google image search for the image found 2 results:\n\n## Web Results\n1. <image>\n[Title A] \n\n\n2. <image>\n[Title B] \n\n</tool_response>",
    );
  });

  it("skips hits without a thumbnail and renumbers", () => {
    const parts = formatImageSearchObservation([
      { title: "No thumb", link: "http://x" },
      { title: "Kept", link: "http://k", thumbnail: img(3) },
    ]);
    expect(imageObservationText(parts)).toBe(
      "<tool_response>\nA Google image search for the image found 1 results:\n\n## Web Results\n1. <image>\n[Kept] \n\n</tool_response>",
    );
  });

  it("formats zero usable results as PROTOCOL case 28", () => {
    expect(imageObservationText(formatImageSearchObservation([]))).toBe(
      "<tool_response>\nA Google image search for the image found 0 results:\n\n## Web Results\n\n</tool_response>",
    );
  });
});

describe("error observations (PROTOCOL §4)", () => {
  it("prepends the error text with no separator, as the reference's f-string does", () => {
    expect(textSearchErrorObservation("who won")).toBe(
      "No results found for 'who won'. Try with a more general query.",
    );
    expect(textSearchErrorObservation("q", "Timeout. ")).toBe(
      "Timeout. No results found for 'q'. Try with a more general query.",
    );
    expect(imageSearchErrorObservation()).toBe(
      "No results found for the image. Try with text search or direct output the answer.",
    );
  });
});
