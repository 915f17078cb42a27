// The stamp a client cannot forge: a real HTTP server on 127.0.0.1 sees the socket's peer under
// PEER_ADDRESS_HEADER, whatever the client sent under that name.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "@/lib/http/client-address";
import { stampPeerAddresses } from "./peer-address";

describe("stampPeerAddresses", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    stampPeerAddresses();
    server = http.createServer((req, res) => res.end(String(req.headers[PEER_ADDRESS_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("overwrites a peer address the client sent with the socket's", async () => {
    const forged = await fetch(url, { headers: { [PEER_ADDRESS_HEADER]: "203.0.113.9" } });
    expect(await forged.text()).toBe("127.0.0.1");
    expect(await (await fetch(url)).text()).toBe("127.0.0.1");
  });
});
