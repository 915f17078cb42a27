import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fillTemplate, initCode, PROMPTS, pyStrip } from "./prompts";

const SHARED = "/work/shared/deepeyesv2/prompts.json";

describe("prompts", () => {
  it.runIf(existsSync(SHARED))("committed prompts.json is byte-identical to the shared reference", () => {
    const local = readFileSync(fileURLToPath(new URL("./prompts.json", import.meta.url)));
    expect(local.equals(readFileSync(SHARED))).toBe(true);
  });
  it("carries the protocol's tell-tale bytes", () => {
    expect(PROMPTS.SYSTEM_A).toContain("time out after 300.0 seconds. \n2.");
    expect(PROMPTS.SYSTEM_A.endsWith("only** conduct image search once.\n")).toBe(true);
    expect(PROMPTS.USER_A.startsWith("<image>\n{question}\n\n")).toBe(true);
    expect(PROMPTS.USER_A).toContain("neededs");
    expect(PROMPTS.SYSTEM_B).toContain('accessed as "image_1".');
    expect(PROMPTS.SYSTEM_V1).toContain('"label": "the apple on the desk"}}  \n</tool_call>');
    expect(PROMPTS.USER_V1).toBe(
      "\nThink first, call **image_zoom_in_tool** if needed, then answer. Format strictly as:  <think>...</think>  <tool_call>...</tool_call> (if tools needed)  <answer>...</answer> ",
    );
  });
  it("fills templates in one pass", () => {
    expect(fillTemplate("{a}-{b}", { a: "{b}", b: "x" })).toBe("{b}-x");
    expect(initCode("QUJD")).toContain('_img_base64 = "QUJD"\nimage_1 = Image.open(');
  });
  it("strips like Python", () => {
    expect(pyStrip("\x1c\n a b \x85\t")).toBe("a b");
  });
});
