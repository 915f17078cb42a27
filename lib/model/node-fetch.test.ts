import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEndpointGuard, isEndpointRefusal } from "@/lib/net/endpoint-policy";
import { createNodeFetch, eventStreamOf, nodeFetch } from "./node-fetch";

describe("nodeFetch", () => {
  let server: http.Server;
  let base: string;
  const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        seen.push({ method: req.method, headers: req.headers, body });
        if (req.url === "/moved-out") {
          res.writeHead(307, { location: `${base}/stream` });
          res.end();
        } else if (req.url === "/moved") {
          res.writeHead(308, { location: "/stream" });
          res.end();
        } else if (req.url === "/loop") {
          res.writeHead(302, { location: "/loop" });
          res.end();
        } else if (req.url === "/stream") {
          res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "set-cookie": ["a=1", "b=2"] });
          res.write("data: one\n\n");
          setTimeout(() => res.end("data: two\n\n"), 20);
        } else if (req.url === "/endless") {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.write("data: one\n\n");
        } else {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "no such model" } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("hands a streamed answer over as a Node stream, with status, headers and the request sent as given", async () => {
    const response = await nodeFetch(`${base}/stream`, {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json" },
      body: '{"q":"é"}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBe("a=1, b=2");
    const raw = eventStreamOf(response)!;
    let text = "";
    for await (const chunk of raw) text += (chunk as Buffer).toString();
    expect(text).toBe("data: one\n\ndata: two\n\n");
    expect(seen.at(-1)).toMatchObject({
      method: "POST",
      body: '{"q":"é"}',
      headers: { authorization: "Bearer k", "content-length": "10" },
    });
  });

  it("follows redirects as fetch does, repeating a POST on 308, and gives up on a loop", async () => {
    const response = await nodeFetch(`${base}/moved`, { method: "POST", body: "{}" });
    expect(eventStreamOf(response)).toBeDefined();
    eventStreamOf(response)!.resume();
    expect(seen.at(-1)).toMatchObject({ method: "POST", body: "{}" });
    await expect(nodeFetch(`${base}/loop`)).rejects.toThrow("Too many redirects");
  });

  it("reads any other response whole, as an ordinary Response the SDK can read", async () => {
    const response = await nodeFetch(`${base}/missing`);
    expect(eventStreamOf(response)).toBeUndefined();
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: "no such model" } });
  });

  it("stops a stream when its signal aborts, and refuses before connecting when already aborted", async () => {
    const controller = new AbortController();
    const raw = eventStreamOf(await nodeFetch(`${base}/endless`, { signal: controller.signal }))!;
    const reading = (async () => {
      for await (const chunk of raw) void chunk;
    })();
    controller.abort();
    await expect(reading).rejects.toThrow();
    await expect(nodeFetch(`${base}/stream`, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
  });

  it("survives an abort after the server has finished but before the body was read", async () => {
    const controller = new AbortController();
    const raw = eventStreamOf(await nodeFetch(`${base}/stream`, { signal: controller.signal }))!;
    const chunks = raw[Symbol.asyncIterator]();
    await chunks.next(); // the first event only; the server ends the response 20 ms later
    await new Promise((resolve) => setTimeout(resolve, 60));
    controller.abort(); // nothing may go unhandled (vitest fails the run on an uncaught error)
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it("refuses what it cannot send", async () => {
    await expect(nodeFetch("file:///etc/passwd")).rejects.toThrow("Cannot fetch file: URLs.");
    await expect(nodeFetch(`${base}/stream`, { method: "POST", body: new Blob(["x"]) })).rejects.toThrow(
      "JSON bodies only",
    );
    await expect(nodeFetch("http://127.0.0.1:9/")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("with a workspace's guard: refuses a private server without sending, and a redirect into one", async () => {
    const count = seen.length;
    const guarded = createNodeFetch(createEndpointGuard({ allow: [] }));
    const refused = await guarded(`${base}/stream`, { method: "POST", body: "{}" }).catch((e: unknown) => e);
    expect(isEndpointRefusal(refused)).toBe(true);
    expect(seen.length).toBe(count);
    // Allowed by name, the server's redirect to its own loopback address is judged again at the hop.
    const named = createNodeFetch(
      createEndpointGuard({
        allow: ["vllm.lan"],
        resolve: () => Promise.resolve([{ address: "127.0.0.1", family: 4 }]),
      }),
    );
    const port = new URL(base).port;
    const streamed = await named(`http://vllm.lan:${port}/stream`);
    expect(eventStreamOf(streamed)).toBeDefined();
    eventStreamOf(streamed)!.destroy();
    const hop = await named(`http://vllm.lan:${port}/moved-out`).catch((e: unknown) => e);
    expect(isEndpointRefusal(hop)).toBe(true);
  });
});
