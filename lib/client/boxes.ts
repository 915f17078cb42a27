// Boxes from model-written code, to be drawn over the image they came from. Coordinates may be
// reversed, fractional or outside the image; they are normalised and clipped so a box is always
// drawable, and a box with no area is dropped.

export type Box = [number, number, number, number];

export interface DrawableBox {
  /** 1-based, as labelled on screen. */
  number: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export function toDrawable(box: Box, number: number, image: { width: number; height: number }): DrawableBox | null {
  const [a, b, c, d] = box;
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  const left = clamp(Math.min(a, c), image.width);
  const right = clamp(Math.max(a, c), image.width);
  const top = clamp(Math.min(b, d), image.height);
  const bottom = clamp(Math.max(b, d), image.height);
  if (right - left <= 0 || bottom - top <= 0) return null;
  return { number, x: left, y: top, width: right - left, height: bottom - top };
}

/** Group a step's crops by the input image they were cut from, numbering them in order. */
export function cropsBySource<C extends { source: number; box: Box }>(
  crops: readonly C[],
): Map<number, { number: number; box: Box }[]> {
  const groups = new Map<number, { number: number; box: Box }[]>();
  crops.forEach((crop, i) => {
    const list = groups.get(crop.source) ?? [];
    list.push({ number: i + 1, box: crop.box });
    groups.set(crop.source, list);
  });
  return groups;
}
