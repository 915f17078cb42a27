// Stands in for Loupe's own `GET /api/public-images/[token]` route in tests: the same
// `publicImageResponse` the route handler returns, served on a local port that the fake Lens
// providers fetch from, exactly as Google Lens would fetch from PUBLIC_BASE_URL.

import type { ImageUrlIssuer } from "@/lib/search/image-urls";
import { publicImageResponse } from "@/lib/search/public-image-response";
import { startLocalServer, type LocalServer } from "./http-server";

export async function startPublicImageHost(
  issuer: () => ImageUrlIssuer | null,
): Promise<LocalServer & { hits: string[] }> {
  const hits: string[] = [];
  const server = await startLocalServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    hits.push(path);
    const m = /^\/api\/public-images\/([^/]+)$/.exec(path);
    const response = m
      ? await publicImageResponse(issuer(), req.method ?? "GET", decodeURIComponent(m[1] as string))
      : new Response("Not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return { ...server, hits };
}
