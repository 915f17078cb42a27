// Raw provider hits → the port's hit shapes: sanitised, bounded, with unsafe links dropped.

import type { TextSearchHit } from "@/lib/agent/ports";
import type { RawImageHit, RawTextHit } from "./providers/types";
import { cleanText, LIMITS, safeLink } from "./sanitize";

/** A title is required by the protocol's `[title](link)`; fall back to the link's host. */
function titleOr(value: unknown, link: string): string {
  return cleanText(value, LIMITS.title) || new URL(link).hostname;
}

export function toTextHits(raw: readonly RawTextHit[], count: number): TextSearchHit[] {
  const hits: TextSearchHit[] = [];
  for (const r of raw) {
    if (hits.length >= count) break;
    const link = safeLink(r.link);
    if (!link) continue; // javascript:, data:, relative or malformed: dropped, never rendered
    const hit: TextSearchHit = { title: titleOr(r.title, link), link };
    const snippet = cleanText(r.snippet, LIMITS.snippet);
    const date = cleanText(r.date, LIMITS.date);
    if (snippet) hit.snippet = snippet;
    if (date) hit.date = date;
    hits.push(hit);
  }
  return hits;
}

export interface ImageCandidate {
  title: string;
  link: string;
  /** Absent when the provider gave no usable thumbnail URL. */
  thumbnailUrl?: string;
}

const INLINE_IMAGE = /^data:image\/(?:jpeg|png|webp|gif|avif);base64,/i;

export function toImageCandidates(raw: readonly RawImageHit[], count: number): ImageCandidate[] {
  const out: ImageCandidate[] = [];
  for (const r of raw) {
    if (out.length >= count) break;
    const link = safeLink(r.link);
    if (!link) continue;
    const candidate: ImageCandidate = { title: titleOr(r.title, link), link };
    const thumb = r.thumbnailUrl;
    if (typeof thumb === "string" && INLINE_IMAGE.test(thumb)) candidate.thumbnailUrl = thumb;
    else {
      const safe = safeLink(thumb);
      if (safe) candidate.thumbnailUrl = safe;
    }
    out.push(candidate);
  }
  return out;
}
