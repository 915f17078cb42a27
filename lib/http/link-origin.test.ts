import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { hostAllowed, linkOrigin, noLinkOriginReason, parseAllowedHosts, shownLink } from "./link-origin";

const at = (host: string | null) => {
  const headers = new Headers();
  if (host !== null) headers.set("host", host);
  return new Request("http://localhost:3000/api/auth/request-password-reset", { headers });
};

describe("linkOrigin", () => {
  it("refuses a forged Host when neither PUBLIC_BASE_URL nor LOUPE_ALLOWED_HOSTS is set", () => {
    expect(linkOrigin(at("evil.example"), { allowedHosts: [] })).toBeNull();
    expect(linkOrigin(at("localhost:3000"), { allowedHosts: [] })).toBeNull();
  });

  it("takes PUBLIC_BASE_URL over any Host", () => {
    const settings = { publicBaseUrl: "https://loupe.example.com/", allowedHosts: ["evil.example"] };
    expect(linkOrigin(at("evil.example"), settings)).toBe("https://loupe.example.com");
  });

  it("takes the Host only when it is listed in LOUPE_ALLOWED_HOSTS", () => {
    const settings = { allowedHosts: ["loupe.lan", "192.168.1.20:3000"] };
    expect(linkOrigin(at("Loupe.LAN:3000"), settings)).toBe("http://loupe.lan:3000");
    expect(linkOrigin(at("192.168.1.20:3000"), settings)).toBe("http://192.168.1.20:3000");
    expect(linkOrigin(at("192.168.1.20:8080"), settings)).toBeNull();
    expect(linkOrigin(at("evil.example"), settings)).toBeNull();
    expect(linkOrigin(at("loupe.lan.evil.example"), settings)).toBeNull();
    expect(linkOrigin(at("evil.example/loupe.lan"), settings)).toBeNull();
    expect(linkOrigin(at(null), settings)).toBeNull();
  });

  it("shows a path alone when no origin is vouched for", () => {
    expect(shownLink(at("evil.example"), { allowedHosts: [] }, "/s/abc")).toBe("/s/abc");
    expect(shownLink(at("loupe.lan"), { allowedHosts: ["loupe.lan"] }, "/s/abc")).toBe("http://loupe.lan/s/abc");
  });

  it("names the settings when a link cannot be emailed", () => {
    expect(noLinkOriginReason(at("evil.example"), { allowedHosts: [] })).toMatch(
      /PUBLIC_BASE_URL.*LOUPE_ALLOWED_HOSTS/,
    );
    expect(noLinkOriginReason(at("evil.example"), { allowedHosts: ["loupe.lan"] })).toMatch(
      /evil\.example: it is not in LOUPE_ALLOWED_HOSTS/,
    );
    expect(noLinkOriginReason(at("a b"), { allowedHosts: ["loupe.lan"] })).not.toContain("a b");
  });
});

describe("hostAllowed and parseAllowedHosts", () => {
  it("matches a host without a port on any port, and one with a port on that port only", () => {
    expect(hostAllowed("loupe.lan:3000", ["loupe.lan"])).toBe(true);
    expect(hostAllowed("loupe.lan:3001", ["loupe.lan:3000"])).toBe(false);
    expect(hostAllowed("[::1]:3000", ["[::1]"])).toBe(true);
  });

  it("reads a comma-separated list and names the first bad entry", () => {
    expect(parseAllowedHosts(" Loupe.lan, 10.0.0.5:3000 ,")).toEqual({ hosts: ["loupe.lan", "10.0.0.5:3000"] });
    expect(parseAllowedHosts(undefined)).toEqual({ hosts: [] });
    expect(parseAllowedHosts("loupe.lan,https://x.example").invalid).toBe("https://x.example");
  });
});

describe("LOUPE_ALLOWED_HOSTS", () => {
  it("is read from the environment, and a bad entry stops start-up with a sentence naming it", () => {
    expect(parseEnv({}).LOUPE_ALLOWED_HOSTS).toEqual([]);
    expect(parseEnv({ LOUPE_ALLOWED_HOSTS: "Loupe.lan, 10.0.0.5:3000" }).LOUPE_ALLOWED_HOSTS).toEqual([
      "loupe.lan",
      "10.0.0.5:3000",
    ]);
    expect(() => parseEnv({ LOUPE_ALLOWED_HOSTS: "loupe.lan,https://loupe.lan" })).toThrow(
      /^LOUPE_ALLOWED_HOSTS must be host names .*"https:\/\/loupe.lan" is not one/,
    );
  });
});
