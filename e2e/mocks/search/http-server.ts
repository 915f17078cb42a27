// A tiny local HTTP server for the fake search providers and thumbnail hosts. Bound to 127.0.0.1
// on a free port; `close()` also drops open connections so hanging "timeout" routes end cleanly.

import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface LocalServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** `127.0.0.1:<port>`, the form the SSRF-safe fetcher's allowlist takes. */
  hostPort: string;
  close(): Promise<void>;
}

/** `body` is the request body as text; `raw` the same bytes, for binary uploads. */
export type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: string,
  raw: Buffer,
) => void | Promise<void>;

export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      Promise.resolve(handler(req, res, raw.toString("utf8"), raw)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(e));
      });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hostPort: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}
