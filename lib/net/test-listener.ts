// Test support: an "internal" HTTP service on 127.0.0.1 that counts every TCP connection made to
// it and answers anything with a JSON body no trace may ever show. SSRF tests point workspace
// settings at it and check that it was never connected to.
import http from "node:http";
import type { AddressInfo } from "node:net";

export const INTERNAL_SECRET = "internal-only-7f3a";

export interface InternalListener {
  url: string;
  port: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Answer the next requests with a redirect to `location` instead of the JSON. */
  redirectTo(location: string | null): void;
  close(): Promise<void>;
}

export async function startInternalListener(): Promise<InternalListener> {
  let connections = 0;
  let redirect: string | null = null;
  const server = http.createServer((req, res) => {
    if (redirect) {
      res.writeHead(302, { location: redirect }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ data: [{ id: INTERNAL_SECRET }], results: [], secret: INTERNAL_SECRET }));
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    redirectTo(location) {
      redirect = location;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
