// The spellings the address guard reads, refuses and judges, kept as they were when the hand-written
// parser gave way to ipaddr.js (the cases lib/net/ip-policy.test.ts does not already hold).
import { describe, expect, it } from "vitest";
import { allowedByPolicy, parseAllowList } from "./allow-list";
import { formatIPv4, parseIPv4, parseIPv6 } from "./ip-address";
import { canonicalAddress, classifyAddress } from "./ip-policy";

describe("IPv4 spellings", () => {
  it.each([
    ["0X7F.0.0.1", "127.0.0.1"],
    ["0x7F.0x0.0x0.0x1", "127.0.0.1"],
    ["0x", "0.0.0.0"],
    ["0x.0x.0x.0x", "0.0.0.0"],
    ["00", "0.0.0.0"],
    ["0377.0377.0377.0377", "255.255.255.255"],
    ["4294967295", "255.255.255.255"],
    ["10.0xffffff", "10.255.255.255"],
    ["192.168.0x101", "192.168.1.1"],
    ["0000000000177.1", "127.0.0.1"], // twelve digits after the octal 0
    ["0x00000000007f.1", "127.0.0.1"], // twelve after 0x
  ])("reads %s as %s", (input, expected) => {
    expect(formatIPv4(parseIPv4(input)!)).toBe(expected);
  });

  it.each([
    "00000000000177.1", // thirteen digits after the 0: a name, as before
    "0x000000000007f.1",
    "0x1.2.3.4.5",
    "1.2.3.256",
    "1.0x1000000",
    "1.2.65536",
    "0400.0.0.1",
    "09",
    "0xg",
    "1.2.3.4.",
    ".1.2.3",
    "1e2",
    "+1",
    "-1",
    " 1",
    "١٢٧.0.0.1",
  ])("refuses %s", (input) => {
    expect(parseIPv4(input)).toBeNull();
  });
});

describe("IPv6 spellings", () => {
  it.each([
    ["[fe80::1%25eth0]", [0xfe80, 0, 0, 0, 0, 0, 0, 1]], // any zone text is dropped
    ["fe80::1%en-0.1", [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ["fe80::1%", [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ["::127.0.0.1", [0, 0, 0, 0, 0, 0, 0x7f00, 1]], // IPv4-compatible, not mapped
    ["::ffff:0:10.0.0.1", [0, 0, 0, 0, 0xffff, 0, 0x0a00, 1]],
    ["1:2:3:4:5:6:1.2.3.4", [1, 2, 3, 4, 5, 6, 0x0102, 0x0304]],
    ["::ffff:01.02.03.004", [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]], // padded decimal tail parts
    ["1:2:3:4:5:6:7::", [1, 2, 3, 4, 5, 6, 7, 0]],
    ["FE80::A", [0xfe80, 0, 0, 0, 0, 0, 0, 0xa]],
  ])("reads %s", (input, groups) => {
    expect(parseIPv6(input)).toEqual(groups);
  });

  it.each([
    "::ffff:0x7f.0.0.1", // the IPv4 tail is plain decimal
    "::ffff:0001.0.0.1",
    "::ffff:127.1",
    "::ffff:1.2.3.4.5",
    "1:2:3:4:5:6:7:1.2.3.4",
    "1:2:3:4::5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    ":1::",
    "1::2:",
    ":::",
    "[::1",
    "::1]",
    "1.2.3.4",
    "localhost",
  ])("refuses %s", (input) => {
    expect(parseIPv6(input)).toBeNull();
  });
});

describe("verdicts on the forms that hide an IPv4 address, and on the edges of public space", () => {
  it.each([
    ["::8.8.8.8", "IPv4-compatible IPv6 (deprecated)"], // not read as ::ffff:8.8.8.8
    ["[::0.0.0.2]", "IPv4-compatible IPv6 (deprecated)"],
    ["::ffff:0:127.0.0.1", "loopback, written as IPv4-translated IPv6"],
    ["::ffff:10.0.0.1", "private, written as IPv4-mapped IPv6"],
    ["[::ffff:a9fe:a9fe]", "link-local, written as IPv4-mapped IPv6"],
    ["64:ff9b::192.168.0.1", "private, written as NAT64 IPv6"],
    ["64:ff9b:1::1", "reserved"], // NAT64 local use
    ["2002:c0a8:101::", "private, written as 6to4 IPv6"],
    ["2001::1", "IETF protocol assignments"], // Teredo
    ["2001:1ff::1", "IETF protocol assignments"],
    ["100::1", "reserved"],
    ["5f00::1", "reserved"],
    ["fec0::1", "site-local"],
    ["255.255.255.255", "reserved or broadcast"],
    ["0x7f.1", "loopback"],
    ["192.0.0.9", "IETF protocol assignments"],
    ["192.88.99.1", "6to4 relay anycast"],
    ["198.19.255.255", "benchmarking"],
  ])("%s: %s", (host, reason) => {
    expect(classifyAddress(host)).toEqual({ blocked: true, reason });
  });

  it.each([
    "::ffff:0:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "2001:200::1",
    "3fff::1",
    "192.175.48.1",
    "192.52.193.1",
    "198.20.0.1",
    "223.255.255.255",
  ])("allows %s, as before", (host) => {
    expect(classifyAddress(host)).toEqual({ blocked: false });
  });

  it("canonical text: IPv4 dotted, IPv4-mapped as its IPv4, other IPv6 uncompressed without the zone", () => {
    expect(canonicalAddress("0x7f.1")).toBe("127.0.0.1");
    expect(canonicalAddress("[::FFFF:7F00:1]")).toBe("127.0.0.1");
    expect(canonicalAddress("::127.0.0.1")).toBe("0:0:0:0:0:0:7f00:1");
    expect(canonicalAddress("fe80::01%eth0")).toBe("fe80:0:0:0:0:0:0:1");
    expect(canonicalAddress("::ffff:0:127.0.0.1")).toBe("0:0:0:0:ffff:0:7f00:1");
  });
});

describe("allow-list ranges", () => {
  it.each([
    ["10.0.0.0/8", "10.255.0.1", true],
    ["10.0.0.0/8", "::ffff:10.1.2.3", true], // an IPv4 range holds its IPv4-mapped spelling
    ["10.0.0.0/8", "11.0.0.1", false],
    ["::ffff:10.0.0.0/104", "10.9.9.9", true],
    ["0x7f.1/32", "127.0.0.1", true],
    ["2130706432/31", "127.0.0.1", true],
    ["127.0.0.1", "127.0.0.2", false],
    ["0.0.0.0/0", "8.8.8.8", true],
    ["0.0.0.0/0", "fd00::1", false], // every IPv4 address, no IPv6 one
    ["::/0", "10.0.0.1", true],
    ["fd00::/8", "fd12::1", true],
    ["fd00::/8", "fe80::1", false],
    ["[fe80::1%eth0]", "fe80::1", true],
    ["::/96", "::127.0.0.1", true],
    ["::/96", "127.0.0.1", false],
  ])("%s holds %s: %s", (entry, address, held) => {
    expect(parseAllowList([entry]).problem).toBeUndefined();
    expect(allowedByPolicy([entry], "host.example", address)).toBe(held);
  });

  it("a host name matches by name only; a literal host is matched against the ranges", () => {
    expect(allowedByPolicy(["gpu-box"], "GPU-box.", "10.0.0.1")).toBe(true);
    expect(allowedByPolicy(["10.0.0.0/8"], "[::ffff:10.0.0.1]")).toBe(true);
    expect(allowedByPolicy(["10.0.0.0/8"], "gpu-box")).toBe(false);
  });

  it.each([
    ["10.0.0.0/0024", /from 0 to 32/],
    ["10.0.0.0/", /from 0 to 32/],
    ["fd00::/1000", /from 0 to 128/],
    ["::ffff:0x7f.0.0.1", /neither a host name nor an address range/],
    ["1.2.3.4.5/8", /neither a host name nor an address range/],
  ])("refuses %s", (entry, problem) => {
    expect(parseAllowList([entry]).problem).toMatch(problem);
  });
});
