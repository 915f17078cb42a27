// Builds the first user message from a template: the template is split on `<image>` before the
// question is inserted, so a question that itself contains "<image>" stays text.
import type { ContentPart, ImageRef } from "@/lib/trace/events";
import { fillTemplate } from "../prompts";

export function templateContent(template: string, question: string, images: ImageRef[]): ContentPart[] {
  const pieces = template.split("<image>");
  const parts: ContentPart[] = [];
  const imageParts = images.map((image): ContentPart => ({ type: "image", image }));
  // No placeholder (template B, v1): images come first, as separate parts (EVAL layout).
  if (pieces.length === 1) parts.push(...imageParts);
  pieces.forEach((piece, i) => {
    if (i > 0) parts.push(...imageParts);
    const text = fillTemplate(piece, { question });
    if (text) parts.push({ type: "text", text });
  });
  return parts;
}
