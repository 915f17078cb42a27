import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createImageUrlIssuer, createMemoryImageTokenStore } from "./image-urls";
import { publicImageResponse } from "./public-image-response";

const png = async () => ({
  data: new Uint8Array(
    await sharp({ create: { width: 8, height: 6, channels: 4, background: "#0f08" } })
      .png()
      .toBuffer(),
  ),
  mediaType: "image/png" as const,
  width: 8,
  height: 6,
});

const segmentOf = (url: string) => url.split("/").pop() as string;

describe("image URL issuer", () => {
  it("issues an unguessable URL under the public base that works exactly once", async () => {
    const issuer = createImageUrlIssuer({ publicBaseUrl: "https://loupe.example/" });
    const url = await issuer.issue(await png());
    expect(url).toMatch(/^https:\/\/loupe\.example\/api\/public-images\/[A-Za-z0-9_-]{43}\.png$/);
    const first = await issuer.redeem(segmentOf(url));
    expect(first?.mediaType).toBe("image/png");
    expect((await sharp(first!.data).metadata()).width).toBe(8);
    expect(await issuer.redeem(segmentOf(url))).toBeNull();
  });

  it("issues a different token every time", async () => {
    const issuer = createImageUrlIssuer({ publicBaseUrl: "https://x" });
    const img = await png();
    expect(await issuer.issue(img)).not.toBe(await issuer.issue(img));
  });

  it("expires tokens", async () => {
    let now = 1_000;
    const issuer = createImageUrlIssuer({ publicBaseUrl: "https://x", ttlMs: 500, now: () => now });
    const url = await issuer.issue(await png());
    now += 501;
    expect(await issuer.redeem(segmentOf(url))).toBeNull();
  });

  it("honours a configured number of uses", async () => {
    const issuer = createImageUrlIssuer({ publicBaseUrl: "https://x", maxUses: 2 });
    const seg = segmentOf(await issuer.issue(await png()));
    expect(await issuer.redeem(seg)).not.toBeNull();
    expect(await issuer.redeem(seg)).not.toBeNull();
    expect(await issuer.redeem(seg)).toBeNull();
  });

  it("accepts the token with or without its extension and nothing else", async () => {
    const issuer = createImageUrlIssuer({ publicBaseUrl: "https://x", maxUses: 5 });
    const seg = segmentOf(await issuer.issue(await png()));
    const token = seg.replace(/\.png$/, "");
    expect(await issuer.redeem(token)).not.toBeNull();
    expect(await issuer.redeem(`${token}.jpg`)).not.toBeNull();
    for (const bad of ["", "../etc/passwd", `${token}x`, `${token}.svg`, "a".repeat(43)]) {
      expect(await issuer.redeem(bad)).toBeNull();
    }
  });

  it("stores only a hash of the token", async () => {
    const keys: string[] = [];
    const inner = createMemoryImageTokenStore();
    const issuer = createImageUrlIssuer({
      publicBaseUrl: "https://x",
      store: { put: async (k, e) => (keys.push(k), inner.put(k, e)), take: inner.take },
    });
    const seg = segmentOf(await issuer.issue(await png()));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(keys[0]).not.toContain(seg.slice(0, 43));
  });
});

describe("public image response (what the route returns)", () => {
  it("serves the image once with strict headers, then 404; HEAD does not use it up", async () => {
    const issuer = createImageUrlIssuer({ publicBaseUrl: "https://x" });
    const seg = segmentOf(await issuer.issue(await png()));
    const head = await publicImageResponse(issuer, "HEAD", seg);
    expect(head.status).toBe(405);
    const ok = await publicImageResponse(issuer, "GET", seg);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect(ok.headers.get("cache-control")).toBe("no-store, private");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await publicImageResponse(issuer, "GET", seg)).status).toBe(404);
    expect((await publicImageResponse(null, "GET", seg)).status).toBe(404);
  });
});
