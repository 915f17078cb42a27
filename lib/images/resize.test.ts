import { describe, expect, it } from "vitest";
import { imageTokens, maybeResizeSize, modelInputSize, pyRound, scaleBox, smartResize } from "./resize";

describe("smartResize (PROTOCOL §2.7)", () => {
  it("keeps multiples of 28 inside the pixel bounds", () => {
    expect(smartResize({ width: 392, height: 504 })).toEqual({ width: 392, height: 504 });
    expect(imageTokens({ width: 392, height: 504 })).toBe(252);
  });
  it("rounds half to even like Python", () => {
    expect(pyRound(2.5)).toBe(2);
    expect(pyRound(1.5)).toBe(2);
    expect(pyRound(3.5)).toBe(4);
    // 70/28 = 2.5 → 2 → 56, 42/28 = 1.5 → 2 → 56 (min pixels pushes 56x56=3136 exactly: kept)
    expect(smartResize({ width: 70, height: 42 })).toEqual({ width: 56, height: 56 });
  });
  it("scales down above max pixels", () => {
    const out = smartResize({ width: 6000, height: 4000 });
    expect(out).toEqual({ width: 4368, height: 2912 });
    expect(out.width * out.height).toBeLessThanOrEqual(12_845_056);
    expect(imageTokens({ width: 100_000, height: 100_000 })).toBeLessThanOrEqual(16384);
  });
  it("scales up below min pixels", () => {
    expect(smartResize({ width: 10, height: 10 })).toEqual({ width: 56, height: 56 });
    expect(smartResize({ width: 32, height: 32 })).toEqual({ width: 56, height: 56 });
  });
  it("fixture sizes", () => {
    expect(smartResize({ width: 451, height: 300 })).toEqual({ width: 448, height: 308 });
    expect(smartResize({ width: 1000, height: 872 })).toEqual({ width: 1008, height: 868 });
  });
});

describe("maybeResizeSize (PROTOCOL §2.7 examples)", () => {
  it("upscales 10x10 to 32x32", () => {
    expect(maybeResizeSize({ width: 10, height: 10 })).toEqual({ width: 32, height: 32 });
  });
  it("fixes 5000x10 to 1500x33 in both orientations", () => {
    expect(maybeResizeSize({ width: 5000, height: 10 })).toEqual({ width: 1500, height: 33 });
    expect(maybeResizeSize({ width: 10, height: 5000 })).toEqual({ width: 33, height: 1500 });
  });
  it("leaves ordinary images alone", () => {
    expect(maybeResizeSize({ width: 640, height: 480 })).toEqual({ width: 640, height: 480 });
  });
  it("model input size chains both", () => {
    expect(modelInputSize({ width: 5000, height: 10 })).toEqual(smartResize({ width: 1500, height: 33 }));
  });
});

describe("scaleBox", () => {
  it("maps model coordinates onto the stored image", () => {
    expect(scaleBox([10, 20, 30, 40], { width: 100, height: 100 }, { width: 200, height: 50 })).toEqual([
      20, 10, 60, 20,
    ]);
  });
});
