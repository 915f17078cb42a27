import { describe, expect, it } from "vitest";
import { imageKeysOf } from "./blob-refs";

const key = (c: string) => c.repeat(64);

describe("imageKeysOf", () => {
  it("finds image refs at any depth and ignores look-alikes", () => {
    const event = {
      type: "observation",
      observation: {
        tool: "python",
        result: { images: [{ key: key("a"), width: 1, height: 1, mediaType: "image/png" }] },
      },
      message: {
        role: "user",
        content: [{ type: "image", image: { key: key("b"), width: 2, height: 2, mediaType: "image/png" } }],
      },
      other: { key: "not-a-hash", mediaType: "image/png" },
      unrelated: { key: key("c") },
    };
    expect([...imageKeysOf(event)].sort()).toEqual([key("a"), key("b")]);
  });
});
