import { describe, expect, it } from "vitest";
import { formatIPv4, parseIPv4, parseIPv6 } from "./ip-address";
import { canonicalAddress, classifyAddress } from "./ip-policy";

describe("parseIPv4", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["0x7f.1", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["10.1.65535", "10.1.255.255"],
    ["0", "0.0.0.0"],
  ])("reads %s as %s", (input, expected) => {
    const v = parseIPv4(input);
    expect(v).not.toBeNull();
    expect(formatIPv4(v as number)).toBe(expected);
  });

  it.each(["256.0.0.1", "1.2.3.4.5", "example.com", "1..2", "08.1.1.1", "4294967296", ""])("rejects %s", (input) =>
    expect(parseIPv4(input)).toBeNull(),
  );
});

describe("parseIPv6", () => {
  it("expands :: and IPv4 tails", () => {
    expect(parseIPv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6("[::ffff:127.0.0.1]")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6("fe80::1%eth0")).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
  });
  it("rejects malformed input", () => {
    expect(parseIPv6("1::2::3")).toBeNull();
    expect(parseIPv6("12345::")).toBeNull();
    expect(parseIPv6("1:2:3:4:5:6:7")).toBeNull();
    expect(parseIPv6("::ffff:300.1.1.1")).toBeNull();
  });
});

describe("classifyAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "2130706433",
    "0x7f.0.0.1",
    "017700000001",
    "10.0.0.5",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.255",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "240.0.0.1",
    "::",
    "::1",
    "[::1]",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "[::ffff:a9fe:a9fe]",
    "::127.0.0.1",
    "64:ff9b::7f00:1",
    "2002:7f00:1::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "2001:db8::1",
    "2001:0:4136:e378::1",
  ])("blocks %s", (host) => {
    expect(classifyAddress(host)).toMatchObject({ blocked: true });
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "allows %s",
    (host) => {
      expect(classifyAddress(host)).toEqual({ blocked: false });
    },
  );

  it("names the reason, including a hidden IPv4", () => {
    expect(classifyAddress("::ffff:7f00:1")).toEqual({
      blocked: true,
      reason: "loopback, written as IPv4-mapped IPv6",
    });
    expect(classifyAddress("100.64.1.1")).toEqual({ blocked: true, reason: "shared address space (CGNAT)" });
  });

  it("returns null for DNS names", () => {
    expect(classifyAddress("localhost")).toBeNull();
    expect(classifyAddress("example.com")).toBeNull();
  });
});

describe("canonicalAddress", () => {
  it("maps every spelling of an address to one text", () => {
    expect(canonicalAddress("2130706433")).toBe("127.0.0.1");
    expect(canonicalAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(canonicalAddress("[::1]")).toBe("0:0:0:0:0:0:0:1");
    expect(canonicalAddress("example.com")).toBeNull();
  });
});
