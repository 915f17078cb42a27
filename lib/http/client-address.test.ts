import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  parseTrustedProxies,
  PEER_ADDRESS_HEADER,
  plainAddress,
  UNKNOWN_ADDRESS,
  withClientAddress,
} from "./client-address";

const headers = (peer: string | null, forwarded?: string) => {
  const h = new Headers();
  if (peer !== null) h.set(PEER_ADDRESS_HEADER, peer);
  if (forwarded !== undefined) h.set("x-forwarded-for", forwarded);
  return h;
};
const none = { trustedProxies: [], forwardedHeader: "x-forwarded-for" };
const proxied = { trustedProxies: ["127.0.0.1", "10.0.0.0/8", "fd00::/8"], forwardedHeader: "x-forwarded-for" };

describe("clientAddress", () => {
  it("ignores X-Forwarded-For when no proxy is trusted: rotating it does not make a new client", () => {
    for (const forged of ["203.0.113.1", "203.0.113.2", "198.51.100.7, 203.0.113.3", "garbage"])
      expect(clientAddress(headers("192.0.2.10", forged), none)).toBe("192.0.2.10");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress(headers("192.0.2.10", "203.0.113.1"), proxied)).toBe("192.0.2.10");
  });

  it("walks X-Forwarded-For from the right past trusted proxies", () => {
    expect(clientAddress(headers("127.0.0.1", "203.0.113.1"), proxied)).toBe("203.0.113.1");
    // The client wrote the left end itself; the first untrusted hop from the right is the client.
    expect(clientAddress(headers("127.0.0.1", "6.6.6.6, 203.0.113.1, 10.1.2.3"), proxied)).toBe("203.0.113.1");
    expect(clientAddress(headers("::ffff:127.0.0.1", "[2001:db8::1]:4711"), proxied)).toBe("2001:db8::1");
    // Every hop trusted: the leftmost; none: the proxy itself; garbage: the last believable hop.
    expect(clientAddress(headers("127.0.0.1", "10.0.0.2, 10.0.0.1"), proxied)).toBe("10.0.0.2");
    expect(clientAddress(headers("127.0.0.1"), proxied)).toBe("127.0.0.1");
    expect(clientAddress(headers("127.0.0.1", "evil, 10.0.0.1"), proxied)).toBe("10.0.0.1");
  });

  it("reads the header the proxy is said to set", () => {
    const h = headers("127.0.0.1", "203.0.113.1");
    h.set("x-real-ip", "198.51.100.4");
    expect(clientAddress(h, { ...proxied, forwardedHeader: "x-real-ip" })).toBe("198.51.100.4");
  });

  it("knows no client without the server's peer address", () => {
    expect(clientAddress(headers(null, "203.0.113.1"), proxied)).toBeNull();
    expect(clientAddress(headers("not an address"), proxied)).toBeNull();
  });
});

describe("withClientAddress", () => {
  it("overwrites a client address the client sent, and keeps the body", async () => {
    const request = new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { [PEER_ADDRESS_HEADER]: "192.0.2.10", [CLIENT_ADDRESS_HEADER]: "203.0.113.9" },
      body: '{"email":"a@b.co"}',
    });
    const resolved = withClientAddress(request, none);
    expect(resolved.headers.get(CLIENT_ADDRESS_HEADER)).toBe("192.0.2.10");
    expect(await resolved.text()).toBe('{"email":"a@b.co"}');
    const unknown = withClientAddress(
      new Request("http://x/", { headers: { [CLIENT_ADDRESS_HEADER]: "1.2.3.4" } }),
      none,
    );
    expect(unknown.headers.get(CLIENT_ADDRESS_HEADER)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("parseTrustedProxies and plainAddress", () => {
  it("reads IPs and CIDR ranges and names the first bad entry", () => {
    expect(parseTrustedProxies(" 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8")).toEqual({
      entries: ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"],
    });
    expect(parseTrustedProxies(undefined)).toEqual({ entries: [] });
    for (const bad of ["proxy.lan", "10.0.0.0/33", "10.0.0.0/8/1", "::1/129", "10.0.0.0/x"])
      expect(parseTrustedProxies(`127.0.0.1,${bad}`).invalid).toBe(bad);
  });

  it("strips ports, brackets and IPv4-mapped prefixes", () => {
    expect(plainAddress("203.0.113.1:5555")).toBe("203.0.113.1");
    expect(plainAddress("[::1]:80")).toBe("::1");
    expect(plainAddress("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(plainAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(plainAddress("unknown")).toBeNull();
  });
});

describe("LOUPE_TRUSTED_PROXIES", () => {
  it("trusts no proxy by default, and a bad entry stops start-up with a sentence naming it", () => {
    expect(parseEnv({}).LOUPE_TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ LOUPE_TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8" }).LOUPE_TRUSTED_PROXIES).toEqual([
      "127.0.0.1",
      "10.0.0.0/8",
    ]);
    expect(() => parseEnv({ LOUPE_TRUSTED_PROXIES: "127.0.0.1,proxy.lan" })).toThrow(
      /^LOUPE_TRUSTED_PROXIES must be IP addresses or CIDR ranges .*"proxy.lan" is not one/,
    );
  });
});
