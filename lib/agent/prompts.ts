// Protocol constants, loaded from committed copies of the reference strings so they stay byte-exact:
// prompts.json mirrors ../shared/deepeyesv2/prompts.json; prompts-v1.json holds PROTOCOL §8's strings.
import v2 from "./prompts.json";
import v1 from "./prompts-v1.json";

export const PROMPTS = {
  /** System prompt A: python + search + image_search (§1.2). */
  SYSTEM_A: v2.SYSTEM_A,
  /** User template A, with one `<image>` placeholder (§1.3). */
  USER_A: v2.USER_A,
  /** System prompt B: python only (§1.4). */
  SYSTEM_B: v2.SYSTEM_B,
  USER_B: v2.USER_B,
  /** Code observation template (§1.6); fill with `fillTemplate`, then strip. */
  CODE_OBS: v2.CODE_OBS,
  SEARCH_OBS: v2.SEARCH_OBS,
  /** Sandbox init cell (§2.8), for the sandbox adapter. */
  INIT_CODE: v2.INIT_CODE,
  SYSTEM_V1: v1.SYSTEM_V1,
  USER_V1: v1.USER_V1,
} as const;

/** Replaces `{name}` placeholders in one pass, so values containing braces are inserted verbatim. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? (values[name] ?? "") : whole));
}

/** The sandbox's init cell for one image (PNG base64), as RL/DEMO run it. */
export function initCode(base64Png: string): string {
  return fillTemplate(PROMPTS.INIT_CODE, { base64_image: base64Png });
}

// Python's str.strip() whitespace: JS trim() plus the separators \x1c-\x1f and \x85.
const PY_WS = "[\\s\\x1c-\\x1f\\x85]";
const LEAD = new RegExp(`^${PY_WS}+`, "u");
const TRAIL = new RegExp(`${PY_WS}+$`, "u");

export function pyStrip(text: string): string {
  return text.replace(LEAD, "").replace(TRAIL, "");
}
