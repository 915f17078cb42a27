// Search speed: what Loupe adds on top of the provider. Formatting and sanitising per result,
// thumbnail re-encoding per result, and the wall time of a whole text / image search against a
// local fake that answers at once (so the figure is our overhead plus one loopback round trip).

import { readFile } from "node:fs/promises";
import type { BenchScenario } from "@/bench/types";
import { FAKE_API_KEY, startFakeProvider, startImageHost, startPublicImageHost } from "@/e2e/mocks/search";
import {
  createImageUrlIssuer,
  createSearch,
  formatImageSearchObservation,
  formatTextSearchObservation,
  type ImageUrlIssuer,
} from "@/lib/search";
import { toTextHits } from "@/lib/search/hits";
import { reencodeImage } from "@/lib/search/reencode";
import { fixturePath } from "@/e2e/fixtures";

const FIXTURE = fixturePath("rocket.jpg");

const time = async (fn: () => unknown): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

const rawHits = (titleChars: number) =>
  Array.from({ length: 5 }, (_, i) => ({
    title: `<b>Result ${i}</b> &amp; ${"T".repeat(titleChars)}`,
    link: `https://example.org/${i}`,
    snippet: `A <strong>snippet</strong> ${"S".repeat(titleChars)}`,
    date: "2024-01-01",
  }));

export const scenarios: BenchScenario[] = [
  {
    name: "search.format-text-per-result",
    description: "Sanitise 5 provider hits (HTML, entities) and build the §4 text observation; time per result.",
    target: "p50 ≤ 0.05 ms per result",
    async run({ iterations }) {
      const raw = rawHits(40);
      const samplesMs: number[] = [];
      for (let i = 0; i < iterations; i++) {
        samplesMs.push((await time(() => formatTextSearchObservation("q", toTextHits(raw, 5)))) / 5);
      }
      return { samplesMs };
    },
  },
  {
    name: "search.sanitise-50kb-titles-per-result",
    description: "Sanitise 5 hits whose titles and snippets are 50 KB each (hostile provider); time per result.",
    target: "p50 ≤ 0.5 ms per result",
    async run({ iterations }) {
      const raw = rawHits(50 * 1024);
      const samplesMs: number[] = [];
      for (let i = 0; i < iterations; i++) samplesMs.push((await time(() => toTextHits(raw, 5))) / 5);
      return { samplesMs };
    },
  },
  {
    name: "search.thumbnail-reencode-per-result",
    description: "Decode a 640×427 JPEG and re-encode it as a ≤512 px thumbnail through sharp (one result).",
    target: "p50 ≤ 25 ms",
    async run({ iterations }) {
      const bytes = new Uint8Array(await readFile(FIXTURE));
      const samplesMs: number[] = [];
      for (let i = 0; i < iterations; i++) {
        samplesMs.push(await time(() => reencodeImage(bytes, { maxEdge: 512, maxInputPixels: 40_000_000 })));
      }
      return { samplesMs };
    },
  },
  {
    name: "search.text-added-latency",
    description:
      "Whole text search (request, JSON, sanitise, 5 hits) against a local fake that answers at once; cache missed.",
    target: "p50 ≤ 5 ms",
    async run({ iterations }) {
      const fake = await startFakeProvider("serper");
      try {
        const search = createSearch({ serperApiKey: FAKE_API_KEY, baseUrls: { serper: fake.url } });
        await search.text({ sessionId: "warm", query: "warm up" });
        const samplesMs: number[] = [];
        for (let i = 0; i < iterations; i++) {
          samplesMs.push(await time(() => search.text({ sessionId: "bench", query: `query ${i}` })));
        }
        return { samplesMs, notes: "Includes one loopback HTTP round trip; the provider's own time is ~0." };
      } finally {
        await fake.close();
      }
    },
  },
  {
    name: "search.image-added-latency",
    description:
      "Whole image search: issue the public URL (re-encode the photo), Lens request (the fake fetches the URL), 5 thumbnails fetched SSRF-safely and re-encoded, observation parts built.",
    target: "p50 ≤ 80 ms",
    async run({ iterations }) {
      const images = await startImageHost();
      const lens = await startFakeProvider("serpapi", { imageHostUrl: images.url });
      let issuer: ImageUrlIssuer | null = null;
      const host = await startPublicImageHost(() => issuer);
      issuer = createImageUrlIssuer({ publicBaseUrl: host.url });
      try {
        const search = createSearch({
          serpapiApiKey: FAKE_API_KEY,
          baseUrls: { serpapi: lens.url },
          imageUrlIssuer: issuer,
          fetchAllowPrivate: [images.hostPort],
        });
        const data = new Uint8Array(await readFile(FIXTURE));
        const photo = { data, mediaType: "image/jpeg" as const, width: 640, height: 427 };
        const samplesMs: number[] = [];
        for (let i = 0; i < iterations; i++) {
          samplesMs.push(
            await time(async () =>
              formatImageSearchObservation(await search.image({ sessionId: `s${i}`, image: photo })),
            ),
          );
        }
        return { samplesMs, notes: "Provider and thumbnail hosts are local fakes answering at once." };
      } finally {
        await Promise.all([lens.close(), images.close(), host.close()]);
      }
    },
  },
];
