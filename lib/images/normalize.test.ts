import { readFixture, type FixtureImage } from "@/e2e/fixtures";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ImageError } from "./errors";
import { normalizeUpload } from "./normalize";
import { prepareToolImage, zoomImage } from "./tool-image";

const fixture = (name: FixtureImage) => new Uint8Array(readFixture(name));
const solid = (width: number, height: number, extra = "#808080") =>
  sharp({ create: { width, height, channels: 3, background: extra } })
    .png()
    .toBuffer()
    .then((b) => new Uint8Array(b));

describe("normalizeUpload", () => {
  it("smart-resizes a JPEG photo to RGB PNG", async () => {
    const out = await normalizeUpload(fixture("hubble_deep_field.jpg"));
    expect(out).toMatchObject({
      width: 1008,
      height: 868,
      original: { width: 1000, height: 872, mediaType: "image/jpeg" },
    });
    const meta = await sharp(out.png).metadata();
    expect(meta).toMatchObject({ format: "png", width: 1008, height: 868, channels: 3 });
    expect(meta.exif).toBeUndefined();
  });
  it("turns greyscale into RGB", async () => {
    const out = await normalizeUpload(fixture("page.png"));
    expect((await sharp(out.png).metadata()).channels).toBe(3);
  });
  it("applies EXIF orientation", async () => {
    const rotated = await sharp({ create: { width: 300, height: 100, channels: 3, background: "#fff" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const out = await normalizeUpload(new Uint8Array(rotated));
    expect(out.original).toMatchObject({ width: 100, height: 300 });
    expect(out.height).toBeGreaterThan(out.width);
  });
  it("rejects non-images, empty and oversized inputs with sentences", async () => {
    await expect(normalizeUpload(new TextEncoder().encode("hello"))).rejects.toMatchObject({ code: "not_an_image" });
    await expect(normalizeUpload(new Uint8Array())).rejects.toBeInstanceOf(ImageError);
    await expect(normalizeUpload(fixture("rocket.jpg"), { maxBytes: 1000 })).rejects.toMatchObject({
      code: "too_large",
    });
    await expect(normalizeUpload(await solid(3000, 3000), { maxInputPixels: 1_000_000 })).rejects.toMatchObject({
      code: "too_many_pixels",
      message: expect.stringContaining("3000×3000"),
    });
  });
});

describe("tool images", () => {
  it("upscales a 10x10 figure to 32x32 and a 5000x10 one to 1500x33", async () => {
    expect(
      await prepareToolImage({ data: await solid(10, 10), mediaType: "image/png", width: 10, height: 10 }),
    ).toMatchObject({
      width: 32,
      height: 32,
    });
    const wide = await prepareToolImage({
      data: await solid(5000, 10),
      mediaType: "image/png",
      width: 5000,
      height: 10,
    });
    expect(await sharp(wide.data).metadata()).toMatchObject({ width: 1500, height: 33 });
  });
  it("returns ordinary images byte for byte", async () => {
    const data = await solid(640, 480);
    expect((await prepareToolImage({ data, mediaType: "image/png", width: 640, height: 480 })).data).toBe(data);
  });
  it("zooms: crops the box and smart-resizes the crop", async () => {
    const png = fixture("chelsea.png");
    const out = await zoomImage({ data: png, mediaType: "image/png", width: 451, height: 300 }, [100, 50, 200, 150]);
    expect(out).toMatchObject({ width: 112, height: 112 });
  });
});
