// A fake thumbnail host with one route per thumbnail fault in issue 7, plus an "internal" server
// that must never be reached (it counts hits so tests can prove nothing internal was fetched).

import sharp from "sharp";
import zlib from "node:zlib";
import { startLocalServer, type LocalServer } from "./http-server";

export interface ImageHost extends LocalServer {
  /** The internal service the redirect route points at; `hits` must stay 0. */
  internal: LocalServer & { hits: number };
  /** Requests seen by the host, by path. */
  requests: string[];
}

export const IMAGE_HOST_ROUTES = {
  png: "/ok.png",
  jpeg: "/ok.jpg",
  redirectOk: "/redirect-ok",
  huge: "/huge.jpg", // streams past any sane cap, no Content-Length
  hugeDeclared: "/huge-declared.jpg", // declares 200 MB up front
  giantPixels: "/giant.png", // tiny file claiming 30000×30000 pixels (decompression bomb)
  notImage: "/page.html",
  fakePng: "/fake.png", // says image/png, is text
  redirectInternal: "/redirect-internal", // 302 → http://127.0.0.1:<internal port>/secret.png
  redirectLoop: "/loop",
  slow: "/slow.png", // never answers
  missing: "/missing.png",
} as const;

export async function startImageHost(): Promise<ImageHost> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } })
    .png()
    .toBuffer();
  const jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: "#a37" } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: "secret-exif-marker" } } })
    .toBuffer();
  const giant = pngHeaderOnly(30000, 30000);

  let internalHits = 0;
  const internalServer = await startLocalServer((_req, res) => {
    internalHits++;
    res.writeHead(200, { "content-type": "image/png" });
    res.end(png);
  });
  const internal = Object.defineProperty({ ...internalServer }, "hits", {
    get: () => internalHits,
  }) as ImageHost["internal"];

  const requests: string[] = [];
  const host = await startLocalServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    requests.push(path);
    const R = IMAGE_HOST_ROUTES;
    switch (path) {
      case R.png:
        res.writeHead(200, { "content-type": "image/png", "content-length": png.length });
        return void res.end(png);
      case R.jpeg:
        res.writeHead(200, { "content-type": "image/jpeg" });
        return void res.end(jpeg);
      case R.redirectOk:
        res.writeHead(302, { location: R.png });
        return void res.end();
      case R.huge: {
        res.writeHead(200, { "content-type": "image/jpeg" });
        const chunk = Buffer.alloc(256 * 1024, 0xff);
        let sent = 0;
        const pump = () => {
          while (sent < 64 * 1024 * 1024 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        return pump();
      }
      case R.hugeDeclared:
        res.writeHead(200, { "content-type": "image/jpeg", "content-length": String(200 * 1024 * 1024) });
        return void res.write(Buffer.alloc(1024));
      case R.giantPixels:
        res.writeHead(200, { "content-type": "image/png" });
        return void res.end(giant);
      case R.notImage:
        res.writeHead(200, { "content-type": "text/html" });
        return void res.end("<html><body>not an image</body></html>");
      case R.fakePng:
        res.writeHead(200, { "content-type": "image/png" });
        return void res.end("this is not a png at all");
      case R.redirectInternal:
        res.writeHead(302, { location: `${internal.url}/secret.png` });
        return void res.end();
      case R.redirectLoop:
        res.writeHead(302, { location: R.redirectLoop });
        return void res.end();
      case R.slow:
        return; // never answer
      default:
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
    }
  });

  return {
    ...host,
    internal,
    requests,
    close: async () => {
      await host.close();
      await internal.close();
    },
  };
}

/** A valid PNG whose header claims a huge size, with almost no pixel data (a decompression bomb stand-in). */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(Buffer.alloc(width + 1))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
