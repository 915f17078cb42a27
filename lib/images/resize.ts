// Qwen2.5-VL image-size math (PROTOCOL §2.7), pure so the agent and tests can use it without sharp.
// Written to reproduce the Python references bit for bit, including Python's round-half-to-even.

export const QWEN_FACTOR = 28;
export const QWEN_MIN_PIXELS = 4 * 28 * 28; // 3136
export const QWEN_MAX_PIXELS = 16384 * 28 * 28; // 12,845,056

export interface Size {
  width: number;
  height: number;
}

/** Python 3 `round()`: halves go to the even neighbour. */
export function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Qwen `smart_resize`: sides become multiples of 28 with the pixel count inside [min, max]. */
export function smartResize(
  size: Size,
  { factor = QWEN_FACTOR, minPixels = QWEN_MIN_PIXELS, maxPixels = QWEN_MAX_PIXELS } = {},
): Size {
  const { width: w, height: h } = size;
  let hBar = Math.max(factor, pyRound(h / factor) * factor);
  let wBar = Math.max(factor, pyRound(w / factor) * factor);
  if (hBar * wBar > maxPixels) {
    const beta = Math.sqrt((h * w) / maxPixels);
    hBar = Math.floor(h / beta / factor) * factor;
    wBar = Math.floor(w / beta / factor) * factor;
  } else if (hBar * wBar < minPixels) {
    const beta = Math.sqrt(minPixels / (h * w));
    hBar = Math.ceil((h * beta) / factor) * factor;
    wBar = Math.ceil((w * beta) / factor) * factor;
  }
  return { width: wBar, height: hBar };
}

/** Vision tokens the model spends on an image of this size after smart_resize. */
export function imageTokens(size: Size): number {
  const { width, height } = smartResize(size);
  return (width / QWEN_FACTOR) * (height / QWEN_FACTOR);
}

/**
 * RL/DEMO `maybe_resize_image` for tool-returned images: tame aspect ratios over 200, then upscale
 * so the short side is at least 32. Returns the input size when nothing changes.
 */
export function maybeResizeSize(size: Size): Size {
  let { width: w, height: h } = size;
  if (Math.max(h, w) / Math.min(h, w) > 200) {
    const old = Math.max(h, w) / Math.min(h, w);
    const r = Math.min(150, old / 2);
    const targetMax = Math.trunc(Math.min(h, w) * r);
    const short = Math.trunc((Math.min(h, w) * old) / r);
    if (w >= h) [w, h] = [targetMax, short];
    else [w, h] = [short, targetMax];
  }
  if (Math.min(h, w) >= 32) return { width: w, height: h };
  const ratio = 32 / Math.min(h, w);
  return { width: Math.ceil(w * ratio), height: Math.ceil(h * ratio) };
}

/** The size an upload becomes before it reaches the model (§2.11: maybe_resize, then smart_resize). */
export function modelInputSize(size: Size): Size {
  return smartResize(maybeResizeSize(size));
}

/** Scales a box from one image size to another (model coordinates → stored pixels). */
export function scaleBox(
  box: [number, number, number, number],
  from: Size,
  to: Size,
): [number, number, number, number] {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return [box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy];
}
