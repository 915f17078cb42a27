// Attack: hostile bytes reach a decoder the server did not mean to run (an SVG rasterised by
// librsvg, a TIFF from the web, a PDF). The decode policy is one module; these pin it.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECODABLE, openImage, sniffImageFormat } from "./decode";
import { normalizeUpload } from "./normalize";
import { prepareToolImage } from "./tool-image";

let server: http.Server;
let base = "";
const requests: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const svg = () =>
  new Uint8Array(
    Buffer.from(
      `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">` +
        `<image href="${base}/pixel.png" width="64" height="64"/><rect width="8" height="8"/></svg>`,
    ),
  );
const create = (format: "jpeg" | "png" | "webp" | "gif" | "tiff" | "heif") =>
  sharp({ create: { width: 16, height: 8, channels: 3, background: "#345" } })
    .toFormat(format, format === "heif" ? { compression: "av1" } : {})
    .toBuffer()
    .then((b) => new Uint8Array(b));

describe("the image decode policy", () => {
  it("libvips refuses SVG even for a sharp() call that does not go through the policy", async () => {
    await expect(sharp(svg()).png().toBuffer()).rejects.toThrow(/unsupported image format/);
    expect(requests).toEqual([]);
  });

  it("refuses an SVG upload as not an image, without fetching what it references", async () => {
    await expect(normalizeUpload(svg())).rejects.toMatchObject({ code: "not_an_image" });
    expect(requests).toEqual([]);
  });

  it("refuses a sandbox figure labelled image/png whose bytes are an SVG or a TIFF", async () => {
    for (const data of [svg(), await create("tiff")]) {
      await expect(prepareToolImage({ data, mediaType: "image/png", width: 64, height: 64 })).rejects.toMatchObject({
        message: "A tool returned data that is not a JPEG, PNG, WebP or GIF image.",
      });
    }
  });

  it("re-encodes a tool image whose bytes are not what its media type says", async () => {
    const out = await prepareToolImage({ data: await create("webp"), mediaType: "image/png", width: 16, height: 8 });
    expect((await sharp(out.data).metadata()).format).toBe("png");
  });

  it("keeps the seven upload formats README lists", async () => {
    for (const format of DECODABLE.upload) {
      await expect(normalizeUpload(await create(format)), format).resolves.toMatchObject({
        original: { width: 16, height: 8 },
      });
    }
  });

  it("sniffs the format from the bytes and refuses outside images that are not JPEG, PNG, WebP or GIF", async () => {
    for (const format of ["jpeg", "png", "webp", "gif", "tiff", "heif"] as const) {
      const bytes = await create(format);
      expect(sniffImageFormat(bytes), format).toBe(format);
      const opened = openImage(bytes, { origin: "outside", maxInputPixels: 1e6 });
      if (DECODABLE.outside.includes(format)) await expect(opened, format).resolves.toMatchObject({ format });
      else await expect(opened, format).rejects.toMatchObject({ code: "unsupported_format" });
    }
    expect(sniffImageFormat(svg())).toBeUndefined();
    expect(sniffImageFormat(new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n"))).toBeUndefined();
  });

  it("refuses a PNG signature on bytes libvips does not read as a PNG", async () => {
    const forged = new Uint8Array([...(await create("png")).subarray(0, 8), ...svg()]);
    await expect(openImage(forged, { origin: "outside", maxInputPixels: 1e6 })).rejects.toMatchObject({
      code: "not_an_image",
    });
  });

  it("is the only production module that imports sharp", () => {
    const root = path.resolve(__dirname, "../..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/(\.test\.|test-support|[/\\]testing[/\\])/.test(file)) {
          if (/from\s+["']sharp["']|require\(["']sharp["']\)/.test(fs.readFileSync(file, "utf8"))) {
            offenders.push(path.relative(root, file));
          }
        }
      }
    };
    for (const dir of ["lib", "app", "components", "scripts"]) walk(path.join(root, dir));
    expect(offenders).toEqual(["lib/images/decode.ts"]);
  });
});
