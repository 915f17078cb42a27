import { describe, expect, it } from "vitest";
import { asRequested, requestedOrigin } from "./request-origin";

const at = (host: string | null, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (host !== null) headers.set("host", host);
  return new Request("http://localhost:3000/api/auth/sign-up/email?x=1", { ...init, headers });
};

describe("requestedOrigin", () => {
  it("takes the host the client asked for, keeping the request's protocol", () => {
    expect(requestedOrigin(at("192.168.1.20:3000"))).toBe("http://192.168.1.20:3000");
    expect(requestedOrigin(at("Loupe.LAN"))).toBe("http://loupe.lan");
    expect(requestedOrigin(at("[::1]:3000"))).toBe("http://[::1]:3000");
  });

  it("falls back to the request's own origin without a usable Host header", () => {
    expect(requestedOrigin(at(null))).toBe("http://localhost:3000");
    for (const bad of ["evil.com/path", "a b", "x@y", "host:port", ""])
      expect(requestedOrigin(at(bad))).toBe("http://localhost:3000");
  });
});

describe("asRequested", () => {
  it("keeps a request whose URL already names the requested host", () => {
    const request = at("localhost:3000");
    expect(asRequested(request)).toBe(request);
  });

  it("moves the URL to the requested host and keeps method, headers, query and body", async () => {
    const moved = asRequested(
      at("10.0.0.5:3000", { method: "POST", body: '{"email":"a@b.co"}', headers: { origin: "http://10.0.0.5:3000" } }),
    );
    expect(moved.url).toBe("http://10.0.0.5:3000/api/auth/sign-up/email?x=1");
    expect(moved.method).toBe("POST");
    expect(moved.headers.get("origin")).toBe("http://10.0.0.5:3000");
    expect(await moved.text()).toBe('{"email":"a@b.co"}');
  });
});
