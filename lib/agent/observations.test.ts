import { describe, expect, it } from "vitest";
import type { ImageRef } from "@/lib/trace/events";
import { codeObservation, imageSearchObservation, searchContent, searchObservation, toolErrors } from "./observations";

const ref = (key: string): ImageRef => ({ key, width: 32, height: 32, mediaType: "image/png" });

describe("observations (PROTOCOL §1.6 examples)", () => {
  it("code result with stdout only", () => {
    expect(codeObservation("hello\n", "", [])).toEqual([
      { type: "text", text: "Code execution result:\nstdout:\n```\nhello\n\n```\n\nstderr:\n```\n\n```" },
    ]);
  });
  it("code result with two images puts the parts after Images:", () => {
    expect(codeObservation("", "", [ref("a"), ref("b")])).toEqual([
      {
        type: "text",
        text: "Code execution result:\nstdout:\n```\n\n```\n\nstderr:\n```\n\n```\n\nImages:\n",
      },
      { type: "image", image: ref("a") },
      { type: "image", image: ref("b") },
    ]);
  });
  it("keeps braces, unicode, RTL and emoji in stdout byte for byte", () => {
    const out = "{stderr} مرحبا 👋🏽 e\u0301\n";
    const [first] = codeObservation(out, "", []);
    expect(first).toEqual({
      type: "text",
      text: "Code execution result:\nstdout:\n```\n" + out + "\n```\n\nstderr:\n```\n\n```",
    });
  });
  it("text search (§4 exact example)", () => {
    const content = searchContent("who won", [
      { title: "T1", link: "http://a", snippet: "S1" },
      { title: "T2", link: "http://b", date: "2024-01-01", snippet: "S2" },
    ]);
    expect(searchObservation(content)).toEqual([
      {
        type: "text",
        text: "<tool_response>\nA Google search for 'who won' found 2 results:\n\n## Web Results\n1. [T1](http://a)\n\nS1\n\n2. [T2](http://b)\nDate published: 2024-01-01\n\nS2\n</tool_response>",
      },
    ]);
  });
  it("drops the video noise line", () => {
    expect(searchContent("q", [{ title: "T", link: "l", snippet: "Your browser can't play this video.x" }])).toContain(
      "\n\nx",
    );
  });
  it("image search (§4 exact example) with thumbnails inline", () => {
    const parts = imageSearchObservation([
      { title: "Title A", thumbnail: ref("a") },
      { title: "Title B", thumbnail: ref("b") },
    ]);
    expect(parts).toEqual([
      {
        type: "text",
        text: "<tool_response>\nA Google image search for the image found 2 results:\n\n## Web Results\n1. ",
      },
      { type: "image", image: ref("a") },
      { type: "text", text: "\n[Title A] \n\n\n2. " },
      { type: "image", image: ref("b") },
      { type: "text", text: "\n[Title B] \n\n</tool_response>" },
    ]);
    const joined = parts.map((p) => (p.type === "text" ? p.text : "<image>")).join("");
    expect(joined).toBe(
      "<tool_response>\nA Google image search for the image found 2 results:\n\n## Web Results\n1. <image>\n[Title A] \n\n\n2. <image>\n[Title B] \n\n</tool_response>",
    );
  });
  it("image search with 0 results (§7 #28)", () => {
    expect(imageSearchObservation([])).toEqual([
      {
        type: "text",
        text: "<tool_response>\nA Google image search for the image found 0 results:\n\n## Web Results\n\n</tool_response>",
      },
    ]);
  });
  it("error strings strip the raw call", () => {
    expect(toolErrors.name(' {"name": "python"}\n')).toBe('Error: Invalid tool call name: {"name": "python"}.');
  });
});
