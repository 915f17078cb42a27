// The search observations of PROTOCOL §1.6 and §4, byte for byte: the model was trained on these
// strings, so every space and newline matters. Pure functions of the (already sanitised) hits.

import { searchContent } from "@/lib/agent/observations";
import type { EncodedImage, ImageSearchHit, TextSearchHit } from "@/lib/agent/ports";

/** `RETURN_SEARCH_PROMPT` with its `.strip()`: the content sits between the tags on its own lines. */
export function wrapToolResponse(content: string): string {
  return `<tool_response>\n${content}\n</tool_response>`;
}

/** The §4 text-search content (without the `<tool_response>` wrapper): the agent's one definition. */
export function formatTextSearchContent(query: string, hits: readonly TextSearchHit[]): string {
  return searchContent(query, [...hits]);
}

/** The full text-search observation (user turn text), e.g. `<tool_response>\nA Google search for 'q' found 2 results:…`. */
export function formatTextSearchObservation(query: string, hits: readonly TextSearchHit[]): string {
  return wrapToolResponse(formatTextSearchContent(query, hits));
}

export type ObservationPart = { type: "text"; text: string } | { type: "image"; image: EncodedImage };

/**
 * The §4 image-search observation as ordered chat parts, each thumbnail inline where the reference
 * puts `<image>`. Hits without a thumbnail are skipped and the rest renumbered, as the reference
 * skipped cache entries whose image file was missing.
 */
export function formatImageSearchObservation(hits: readonly ImageSearchHit[]): ObservationPart[] {
  const shown = hits.filter((h): h is ImageSearchHit & { thumbnail: EncodedImage } => h.thumbnail !== undefined);
  const parts: ObservationPart[] = [];
  let text = `<tool_response>\nA Google image search for the image found ${shown.length} results:\n\n## Web Results\n`;
  shown.forEach((hit, i) => {
    text += `${i > 0 ? "\n\n" : ""}${i + 1}. `;
    parts.push({ type: "text", text }, { type: "image", image: hit.thumbnail });
    text = `\n[${hit.title}] \n`;
  });
  parts.push({ type: "text", text: `${text}\n</tool_response>` });
  return parts;
}

/** The same observation as one string with `<image>` placeholders (for the trace and golden tests). */
export function imageObservationText(parts: readonly ObservationPart[]): string {
  return parts.map((p) => (p.type === "text" ? p.text : "<image>")).join("");
}

/** §4: text search failed. `error` is prepended as the reference does with `str(e)` (no separator). */
export function textSearchErrorObservation(query: string, error = ""): string {
  return `${error}No results found for '${query}'. Try with a more general query.`;
}

/** §4: image search failed. */
export function imageSearchErrorObservation(error = ""): string {
  return `${error}No results found for the image. Try with text search or direct output the answer.`;
}
