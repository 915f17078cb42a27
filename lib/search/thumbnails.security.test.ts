// Attack: a search result's thumbnail (or a Lens match) is an SVG served as image/png, so librsvg
// rasterises hostile markup (external references, entity tricks) on the server. Images from the web
// are sniffed from their bytes and decoded only as JPEG, PNG, WebP or GIF (first frame).
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSafeFetcher } from "@/lib/net/safe-fetch";
import { ImageDecodeError } from "./reencode";
import { createThumbnailLoader } from "./thumbnails";

let server: http.Server;
let base = "";
const served = new Map<string, { type: string; body: Buffer }>();
/** Requests for paths that were not served on purpose: an SVG's external reference lands here. */
const stray: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const hit = served.get(req.url ?? "");
    if (!hit) {
      stray.push(req.url ?? "");
      res.writeHead(200, { "content-type": "image/png" }).end();
      return;
    }
    res.writeHead(200, { "content-type": hit.type }).end(hit.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const loader = () =>
  createThumbnailLoader(createSafeFetcher({ allowPrivate: [new URL(base).host] }), { maxBytes: 1024 * 1024 });

const create = (width: number, height: number, background = "#3a7") =>
  sharp({ create: { width, height, channels: 3, background } });

describe("images from the web are decoded only as JPEG, PNG, WebP or GIF", () => {
  it("refuses an SVG served as image/png without rasterising it or fetching what it references", async () => {
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">` +
        `<image href="${base}/exfil.png" xlink:href="${base}/exfil-xlink.png" width="64" height="64"/>` +
        `<rect width="32" height="32" fill="red"/></svg>`,
    );
    served.set("/thumb.png", { type: "image/png", body: svg });
    const error = await loader()
      .load(`${base}/thumb.png`)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as Error).message).toBe(
      "The file is not an image that can be decoded: only JPEG, PNG, WebP and GIF are read.",
    );
    expect(stray).toEqual([]);
  });

  it("refuses an inline data:image/png URL whose bytes are an SVG", async () => {
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>`,
    );
    await expect(loader().load(`data:image/png;base64,${svg.toString("base64")}`)).rejects.toBeInstanceOf(
      ImageDecodeError,
    );
  });

  it("refuses TIFF and HEIF from the web even though uploads accept them", async () => {
    for (const [name, bytes] of [
      ["tiff", await create(16, 16).tiff().toBuffer()],
      ["heif", await create(16, 16).heif({ compression: "av1" }).toBuffer()],
    ] as const) {
      served.set(`/${name}.png`, { type: "image/png", body: bytes });
      await expect(loader().load(`${base}/${name}.png`), name).rejects.toBeInstanceOf(ImageDecodeError);
    }
  });

  it("still reads JPEG, PNG, WebP and GIF, whatever content type they are served with", async () => {
    for (const format of ["jpeg", "png", "webp", "gif"] as const) {
      served.set(`/ok.${format}`, { type: "image/jpeg", body: await create(40, 20).toFormat(format).toBuffer() });
      await expect(loader().load(`${base}/ok.${format}`), format).resolves.toMatchObject({ width: 40, height: 20 });
    }
  });

  it("reads only the first frame of an animated GIF", async () => {
    const frames = await Promise.all(["#f00", "#0f0", "#00f"].map((c) => create(20, 20, c).png().toBuffer()));
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(3);
    served.set("/anim.gif", { type: "image/gif", body: gif });
    await expect(loader().load(`${base}/anim.gif`)).resolves.toMatchObject({ width: 20, height: 20 });
  });
});
