import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { NetError } from "@/lib/net/errors";
import { createSafeFetcher } from "@/lib/net/safe-fetch";
import { createThumbnailLoader } from "./thumbnails";

// No allowlist: any network fetch here would be refused, so these prove inline URLs need none.
const loader = createThumbnailLoader(createSafeFetcher(), { maxBytes: 64 * 1024, maxEdge: 100 });

describe("thumbnail loader", () => {
  it("decodes an inline data:image URL and re-encodes it within the size limit", async () => {
    const png = await sharp({ create: { width: 300, height: 150, channels: 4, background: "#f008" } })
      .png()
      .toBuffer();
    const img = await loader.load(`data:image/png;base64,${png.toString("base64")}`);
    expect(img).toMatchObject({ mediaType: "image/png", width: 100, height: 50 });
  });

  it("refuses an oversized inline image before decoding it", async () => {
    const big = `data:image/jpeg;base64,${"A".repeat(200 * 1024)}`;
    await expect(loader.load(big)).rejects.toBeInstanceOf(NetError);
  });

  it("refuses an internal URL without fetching it", async () => {
    await expect(loader.load("http://169.254.169.254/latest/meta-data/")).rejects.toMatchObject({
      code: "blocked_address",
    });
  });

  it("flattens opaque images to JPEG and applies EXIF orientation", async () => {
    const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#123" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const img = await loader.load(`data:image/jpeg;base64,${jpeg.toString("base64")}`);
    expect(img).toMatchObject({ mediaType: "image/jpeg", width: 20, height: 40 });
    expect((await sharp(img.data).metadata()).orientation).toBeUndefined();
  });
});
