import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, pageSecurityHeaders } from "./security-headers";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split("; ")
      .map((d) => d.split(" "))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe("page security headers", () => {
  it("lets scripts run only with the response's nonce, and refuses plugins, <base>, framing and outside images", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123" }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    // No upgrade-insecure-requests: a self-hosted instance on plain http must keep loading its own files.
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval only in development, where React needs it", () => {
    expect(contentSecurityPolicy({ nonce: "n" })).not.toContain("unsafe-eval");
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("sends no referrer from share pages, and the origin only from the others", () => {
    expect(pageSecurityHeaders({ pathname: "/s/abc", nonce: "n" })["referrer-policy"]).toBe("no-referrer");
    expect(pageSecurityHeaders({ pathname: "/settings", nonce: "n" })["referrer-policy"]).toBe(
      "strict-origin-when-cross-origin",
    );
    expect(pageSecurityHeaders({ pathname: "/sign-in", nonce: "n" })["x-content-type-options"]).toBe("nosniff");
  });

  it("makes a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
