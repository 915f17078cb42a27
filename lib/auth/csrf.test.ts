import { describe, expect, it } from "vitest";
import { appOrigins, sameOriginAllowed } from "./csrf";

const URL_ = "http://localhost:3000/api/v1/conversations";
function req(method: string, headers: Record<string, string>) {
  return new Request(URL_, { method, headers: { host: "localhost:3000", ...headers } });
}

describe("sameOriginAllowed", () => {
  const origins = ["http://localhost:3000"];

  it("allows safe methods from anywhere (they change nothing)", () => {
    expect(
      sameOriginAllowed(req("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }), origins),
    ).toBe(true);
  });

  it("allows a same-origin POST", () => {
    expect(
      sameOriginAllowed(req("POST", { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }), origins),
    ).toBe(true);
    expect(sameOriginAllowed(req("POST", { origin: "http://localhost:3000" }), origins)).toBe(true);
    expect(sameOriginAllowed(req("DELETE", { "sec-fetch-site": "same-origin" }), origins)).toBe(true);
  });

  it("refuses a cross-site form post", () => {
    expect(
      sameOriginAllowed(req("POST", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }), origins),
    ).toBe(false);
  });

  it("refuses a same-site (sibling subdomain) request and an opaque origin", () => {
    expect(
      sameOriginAllowed(req("POST", { origin: "http://evil.localhost:3000", "sec-fetch-site": "same-site" }), origins),
    ).toBe(false);
    expect(sameOriginAllowed(req("POST", { origin: "null" }), origins)).toBe(false);
  });

  it("refuses a no-cors fetch that hides its origin behind a lying header pair", () => {
    expect(
      sameOriginAllowed(req("POST", { origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }), origins),
    ).toBe(false);
  });

  it("refuses an unsafe request with neither header", () => {
    expect(sameOriginAllowed(req("PATCH", {}), origins)).toBe(false);
  });
});

describe("appOrigins", () => {
  it("prefers PUBLIC_BASE_URL", () => {
    expect(appOrigins(new Request(URL_), "https://loupe.example.com/")).toEqual(["https://loupe.example.com"]);
  });
  it("falls back to the request's own origin and Host", () => {
    const r = new Request("http://0.0.0.0:3000/x", { headers: { host: "box:3000" } });
    expect(appOrigins(r)).toEqual(["http://0.0.0.0:3000", "http://box:3000"]);
  });
});
