// A client that POSTs an oversized body with `Transfer-Encoding: chunked` (no Content-Length), made
// lazily as the socket takes it, and stops sending as soon as the server answers: what a hostile
// client does to a server that buffers bodies before looking at their size. For the security
// suite (e2e/security/bodies.spec.ts) and the bench (bench/scenarios/bodies.ts).
import http from "node:http";

export interface EndlessBodyAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Bytes written to the socket before the answer came (the prefix included). */
  sentBytes: number;
}

export function postEndlessBody(input: {
  url: string;
  headers?: Record<string, string>;
  /** Sent first: a JSON opening or a multipart part's headers. */
  prefix?: string;
  /** How long the body would be if the server read it all (default 1 GiB). */
  totalBytes?: number;
}): Promise<EndlessBodyAnswer> {
  const total = input.totalBytes ?? 1024 ** 3;
  const chunk = Buffer.alloc(64 * 1024, 0x61); // "a", valid inside a JSON string and a file alike
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(input.url, {
      method: "POST",
      agent: false, // a connection of its own, closed with it
      headers: { ...input.headers, "transfer-encoding": "chunked" },
    });
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text: string) => (body += text));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, sentBytes: sent });
        request.destroy();
      });
      response.on("error", reject);
    });
    // Writing after the server closed the connection fails: expected once it has answered.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      if (input.prefix && sent === 0) sent += write(Buffer.from(input.prefix));
      while (!answered && !request.destroyed && sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered && !request.destroyed) request.end();
    };
    const write = (data: Buffer) => (request.write(data), data.length);
    pump();
  });
}
