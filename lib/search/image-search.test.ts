// Reverse image search end to end against local fakes: the fake Lens provider fetches the
// conversation image from the public URL (served by the same code as the real route), and the
// thumbnails come from a fake host that misbehaves in every way issue 7 lists.

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PortError, type EncodedImage } from "@/lib/agent/ports";
import { FAKE_API_KEY, startFakeProvider, type Fault, type FakeProvider } from "@/e2e/mocks/search/fake-provider";
import { startImageHost, type ImageHost } from "@/e2e/mocks/search/image-host";
import { startPublicImageHost } from "@/e2e/mocks/search/public-image-host";
import type { LocalServer } from "@/e2e/mocks/search/http-server";
import type { SearchConfig } from "./config";
import { createSearch, type Search } from "./create-search";
import { formatImageSearchObservation, imageObservationText } from "./format";
import { createImageUrlIssuer, type ImageUrlIssuer } from "./image-urls";

const LENS = ["serpapi", "serper"] as const;
type Lens = (typeof LENS)[number];
const fakes = {} as Record<Lens, FakeProvider>;
let images: ImageHost;
let publicHost: LocalServer & { hits: string[] };
let issuer: ImageUrlIssuer;
let photo: EncodedImage;

beforeAll(async () => {
  images = await startImageHost();
  for (const k of LENS) fakes[k] = await startFakeProvider(k, { imageHostUrl: images.url });
  publicHost = await startPublicImageHost(() => issuer);
  issuer = createImageUrlIssuer({ publicBaseUrl: publicHost.url });
  // A JPEG carrying EXIF, which must not leave the server.
  const data = await sharp({ create: { width: 120, height: 90, channels: 3, background: "#246" } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: "secret-exif-marker" } } })
    .toBuffer();
  photo = { data: new Uint8Array(data), mediaType: "image/jpeg", width: 120, height: 90 };
});
afterAll(async () => {
  await Promise.all([...LENS.map((k) => fakes[k].close()), images.close(), publicHost.close()]);
});

function configFor(kind: Lens, extra: Partial<SearchConfig> = {}): SearchConfig {
  return {
    ...(kind === "serpapi" ? { serpapiApiKey: FAKE_API_KEY } : { serperApiKey: FAKE_API_KEY }),
    baseUrls: { [kind]: fakes[kind].url },
    imageUrlIssuer: issuer,
    fetchAllowPrivate: [images.hostPort],
    thumbnails: { timeoutMs: 1_000 },
    timeoutMs: 5_000,
    ...extra,
  };
}

let n = 0;
const sid = () => `img${++n}`;
const run = (search: Search) => search.image({ sessionId: sid(), image: photo });

describe.each(LENS)("%s Lens", (kind) => {
  it("searches with a public URL and returns 5 hits with re-encoded thumbnails", async () => {
    const search = createSearch(configFor(kind));
    expect(search.capabilities.image).toBe(true);
    const hits = await run(search);
    expect(hits).toHaveLength(5);
    expect(hits[0]).toMatchObject({ title: "Match 1", link: "https://example.org/match/1" });
    for (const h of hits) {
      expect(h.thumbnail?.mediaType).toMatch(/^image\/(png|jpeg)$/);
      expect(h.thumbnail!.width).toBeGreaterThan(0);
      const meta = await sharp(h.thumbnail!.data).metadata();
      expect([meta.width, meta.height]).toEqual([h.thumbnail!.width, h.thumbnail!.height]);
      expect(meta.exif).toBeUndefined();
    }
    const parts = formatImageSearchObservation(hits);
    expect(parts.filter((p) => p.type === "image")).toHaveLength(5);
    expect(imageObservationText(parts)).toMatch(
      /^<tool_response>\nA Google image search for the image found 5 results:/,
    );
  });

  it("the provider fetched our image once, without EXIF, and the URL is then dead", async () => {
    await run(createSearch(configFor(kind)));
    const fetched = fakes[kind].imageFetches.at(-1)!;
    expect(fetched.url.startsWith(`${publicHost.url}/api/public-images/`)).toBe(true);
    expect(fetched).toMatchObject({ status: 200, contentType: "image/jpeg" });
    expect(Buffer.from(fetched.bytes).includes("secret-exif-marker")).toBe(false);
    expect(Buffer.from(photo.data).includes("secret-exif-marker")).toBe(true);
    expect((await fetch(fetched.url)).status).toBe(404);
  });

  it.each<[Fault, RegExp]>([
    ["thumb_huge", /larger than 4 MB/],
    ["thumb_giant_pixels", /too many pixels/],
    ["thumb_not_image", /sent text\/html/],
    ["thumb_fake_png", /not an image that can be decoded/],
    ["thumb_redirect_internal", /Port \d+ is not allowed|loopback/],
    ["thumb_slow", /did not answer within 1 s/],
  ])("survives %s: that hit has no thumbnail and says why, the rest are fine", async (fault, why) => {
    fakes[kind].setFault(fault, 1);
    const hits = await run(createSearch(configFor(kind)));
    expect(hits).toHaveLength(5);
    expect(hits[0]?.thumbnail).toBeUndefined();
    expect(hits[0]?.thumbnailError).toMatch(why);
    expect(hits.slice(1).every((h) => h.thumbnail !== undefined)).toBe(true);
    expect(images.internal.hits).toBe(0);
    expect(imageObservationText(formatImageSearchObservation(hits))).toContain("found 4 results");
  });

  it("neutralises HTML titles and javascript: links", async () => {
    fakes[kind].setFault("html_titles", 1);
    const hits = await run(createSearch(configFor(kind)));
    expect(hits[0]?.title).toBe("Match 1 & co");
    fakes[kind].setFault("javascript_links", 1);
    const hits2 = await run(createSearch(configFor(kind)));
    expect(hits2.every((h) => h.link.startsWith("https://"))).toBe(true);
  });

  it("reports a bad key, a 5xx and an empty answer plainly", async () => {
    const e = await run(createSearch({ ...configFor(kind), [`${kind}ApiKey`]: "wrong" })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PortError);
    expect((e as PortError).code).toBe("search_auth");
    fakes[kind].setFault("server_error", 1);
    expect(await run(createSearch(configFor(kind))).catch((x: PortError) => x.code)).toBe("search_bad_response");
    fakes[kind].setFault("empty", 1);
    expect(await run(createSearch(configFor(kind)))).toEqual([]);
  });

  it("a second image_search in the same conversation reuses the first result (documented policy)", async () => {
    const search = createSearch(configFor(kind));
    const before = fakes[kind].requests.length;
    const a = await search.image({ sessionId: "one-conversation", image: photo });
    const b = await search.image({ sessionId: "one-conversation", image: photo });
    expect(b).toBe(a);
    expect(fakes[kind].requests.length - before).toBe(1);
  });
});

describe("without PUBLIC_BASE_URL", () => {
  it("image search is unavailable and says why in a plain sentence", async () => {
    const search = createSearch({ serpapiApiKey: FAKE_API_KEY, baseUrls: { serpapi: fakes.serpapi.url } });
    expect(search.capabilities).toEqual({ text: true, image: false });
    expect(search.imageUrls).toBeNull();
    const before = fakes.serpapi.requests.length;
    const e = (await search.image({ sessionId: "s", image: photo }).catch((x: unknown) => x)) as PortError;
    expect(e).toBeInstanceOf(PortError);
    expect(e.code).toBe("search_not_configured");
    expect(e.message).toBe(
      "Image search is not available: the Lens provider has to fetch the image from a public address, and PUBLIC_BASE_URL is not set.",
    );
    expect(fakes.serpapi.requests.length).toBe(before);
  });

  it("with only SearXNG, image search is off for lack of a Lens key", () => {
    const search = createSearch({ searxngUrl: "http://127.0.0.1:1", publicBaseUrl: "https://loupe.example" });
    expect(search.capabilities.image).toBe(false);
    expect(search.unavailable.image).toMatch(/needs a Google Lens provider key/);
  });
});
