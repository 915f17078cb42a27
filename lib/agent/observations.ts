// Observation messages, byte-exact per PROTOCOL §1.6, §2.5 and §4. Each returns the content of the
// user turn the model receives next.
import type { ContentPart, ImageRef } from "@/lib/trace/events";
import { fillTemplate, PROMPTS, pyStrip } from "./prompts";

export function codeObservation(stdout: string, stderr: string, images: ImageRef[]): ContentPart[] {
  const image = images.length > 0 ? "Images:\n" + "<image>".repeat(images.length) : "";
  const rendered = pyStrip(fillTemplate(PROMPTS.CODE_OBS, { stdout, stderr, image }));
  // Each `<image>` placeholder *is* an image (in RL it became the vision tokens, as in the user
  // prompt, §7 #33): the text ends at "Images:\n" and the image parts follow, never the literal tag.
  const text = images.length > 0 ? rendered.slice(0, rendered.length - "<image>".length * images.length) : rendered;
  return [{ type: "text", text }, ...images.map((image): ContentPart => ({ type: "image", image }))];
}

export interface TextHit {
  title: string;
  link: string;
  snippet?: string;
  date?: string;
}

const VIDEO_NOISE = "Your browser can't play this video.";

/** The `{search_result}` body for one query (§4). */
export function searchContent(query: string, hits: TextHit[]): string {
  const entries = hits.map((hit, i) => {
    const entry =
      `${i + 1}. [${hit.title}](${hit.link})` +
      (hit.date ? `\nDate published: ${hit.date}` : "") +
      "\n" +
      (hit.snippet ? `\n${hit.snippet}` : "");
    return entry.split(VIDEO_NOISE).join("");
  });
  return `A Google search for '${query}' found ${hits.length} results:\n\n## Web Results\n` + entries.join("\n\n");
}

/** Wraps search results in `<tool_response>` and strips, as RETURN_SEARCH_PROMPT does. */
export function searchObservation(searchResult: string): ContentPart[] {
  return [{ type: "text", text: pyStrip(fillTemplate(PROMPTS.SEARCH_OBS, { search_result: searchResult })) }];
}

/** Image search results with each thumbnail inline where its `<image>` placeholder stood (§4). */
export function imageSearchObservation(hits: { title: string; thumbnail: ImageRef }[]): ContentPart[] {
  const parts: ContentPart[] = [];
  let text = `<tool_response>\nA Google image search for the image found ${hits.length} results:\n\n## Web Results\n`;
  hits.forEach((hit, i) => {
    text += `${i > 0 ? "\n\n" : ""}${i + 1}. `;
    parts.push({ type: "text", text }, { type: "image", image: hit.thumbnail });
    text = `\n[${hit.title}] \n`;
  });
  text += "\n</tool_response>";
  parts.push({ type: "text", text });
  return parts;
}

/** RL's error observations (§2.5); `raw` is the text between the tool_call tags. */
export const toolErrors = {
  format: (raw: string, error: string) => `Error: Invalid tool call format: ${pyStrip(raw)}. Error: ${error}`,
  name: (raw: string) => `Error: Invalid tool call name: ${pyStrip(raw)}.`,
  imageSearchParams: (raw: string) => `Error: Invalid tool call parameters for image search: ${pyStrip(raw)}.`,
  /** An exception inside the search branch, without RL's ` for {data_index}` suffix. */
  exception: (message: string) => `Error: ${message}`,
  /** Off-protocol wording for a query the app cannot run (documented policy). */
  searchParams: (raw: string) => `Error: Invalid tool call parameters for search: ${pyStrip(raw)}.`,
  /** DEMO's observation when the search backend fails. */
  backend: "Search error",
} as const;

export function textMessage(text: string): ContentPart[] {
  return [{ type: "text", text }];
}
