// SSRF through workspace settings: the address policy for URLs a workspace sets, enforced where the
// socket is made. Every "refused" case also checks that the internal listener got no connection.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NetError } from "./errors";
import { createEndpointGuard, isEndpointRefusal, parseAllowList, type Resolver } from "./endpoint-policy";
import { createGuardedFetch } from "./guarded-fetch";
import { startInternalListener, type InternalListener } from "./test-listener";

let internal: InternalListener;
beforeAll(async () => {
  internal = await startInternalListener();
});
afterAll(() => internal.close());
afterEach(() => internal.redirectTo(null));

/** A resolver with fixed answers, like a hostile DNS server would give. */
const resolver =
  (table: Record<string, string[]>): Resolver =>
  (hostname) => {
    const addresses = table[hostname];
    if (!addresses) return Promise.reject(Object.assign(new Error(`${hostname} not found`), { code: "ENOTFOUND" }));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  };

async function refusal(p: Promise<unknown>): Promise<string> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isEndpointRefusal(error), String(error)).toBe(true);
  return (error as { message?: string; cause?: { message?: string } }).cause instanceof NetError
    ? (error as { cause: NetError }).cause.message
    : (error as NetError).message;
}

describe("the allow list", () => {
  it("reads hosts, addresses and ranges, comma- or space-separated", () => {
    expect(parseAllowList("gpu-box, 10.0.0.0/8 fd00::/8,192.168.1.20,searxng.lan.")).toEqual({
      entries: ["gpu-box", "10.0.0.0/8", "fd00::/8", "192.168.1.20", "searxng.lan."],
    });
  });

  it.each([
    ["10.0.0.0/33", /prefix length that is not a number from 0 to 32/],
    ["http://gpu-box", /neither a host name nor an address range/],
    ["gpu-box/8", /neither a host name nor an address range/],
    ["fd00::/129", /from 0 to 128/],
  ])("says what is wrong with %s", (entry, problem) => {
    expect(parseAllowList(entry).problem).toMatch(problem);
  });
});

describe("workspace endpoints on private addresses are refused without connecting", () => {
  const guard = createEndpointGuard({ allow: [] });
  const guarded = createGuardedFetch(guard);

  it.each([
    ["loopback", "http://127.0.0.1:PORT/v1"],
    ["decimal IPv4", "http://2130706433:PORT/"],
    ["octal IPv4", "http://0177.0.0.1:PORT/"],
    ["hex IPv4", "http://0x7f.1:PORT/"],
    ["IPv6 loopback", "http://[::1]:PORT/"],
    ["IPv4-mapped IPv6", "http://[::ffff:127.0.0.1]:PORT/"],
    ["unique local IPv6", "http://[fd00::1]:PORT/"],
    ["cloud metadata", "http://169.254.169.254/latest/meta-data/"],
    ["CGNAT", "http://100.64.0.1:PORT/"],
    ["unspecified", "http://0.0.0.0:PORT/"],
    ["private LAN", "http://10.1.2.3:8000/v1"],
  ])("%s (%s)", async (_, template) => {
    const url = template.replace("PORT", String(internal.port));
    await expect(guard.check(url)).rejects.toThrow(/LOUPE_ALLOW_PRIVATE_ENDPOINTS/);
    const message = await refusal(guarded(url));
    expect(message).toMatch(/may not point into the server's own network\. .*ask the instance admin to allow/);
    expect(internal.connections).toBe(0);
  });

  it("says the same whether or not anything listens there", async () => {
    const listening = await refusal(guarded(`${internal.url}/v1/models`));
    const closed = await refusal(guarded("http://127.0.0.1:9/v1/models"));
    expect(listening).toBe(closed);
    expect(internal.connections).toBe(0);
  });

  it("a host name that resolves to a private address, checked when the socket resolves it", async () => {
    const named = createEndpointGuard({ allow: [], resolve: resolver({ "gpu.example.com": ["127.0.0.1"] }) });
    await expect(named.check(`http://gpu.example.com:${internal.port}/v1`)).rejects.toThrow(
      "gpu.example.com is a private address (loopback)",
    );
    await refusal(createGuardedFetch(named)(`http://gpu.example.com:${internal.port}/v1/models`));
    expect(internal.connections).toBe(0);
  });

  it("DNS rebinding: a name that looked public when saved and resolves privately when connecting", async () => {
    let answers = 0;
    const rebinding: Resolver = () =>
      Promise.resolve([{ address: answers++ === 0 ? "93.184.216.34" : "127.0.0.1", family: 4 }]);
    const rebound = createEndpointGuard({ allow: [], resolve: rebinding });
    await rebound.check(`http://rebind.example.com:${internal.port}/`); // looked public
    await refusal(createGuardedFetch(rebound)(`http://rebind.example.com:${internal.port}/`));
    expect(internal.connections).toBe(0);
  });

  it("a redirect from an allowed host to a private one is refused at the hop", async () => {
    const second = await startInternalListener();
    try {
      // gateway.example.com is allowed by name (the admin's choice); its redirect to 127.0.0.1 is not.
      const allowed = createEndpointGuard({
        allow: ["gateway.example.com"],
        resolve: resolver({ "gateway.example.com": ["127.0.0.1"] }),
      });
      second.redirectTo(`http://127.0.0.1:${internal.port}/v1/models`);
      const message = await refusal(createGuardedFetch(allowed)(`http://gateway.example.com:${second.port}/v1/models`));
      expect(message).toContain("127.0.0.1 is a private address (loopback)");
      expect(second.connections).toBe(1);
      expect(internal.connections).toBe(0);
    } finally {
      await second.close();
    }
  });
});

describe("what the instance admin allows is reached", () => {
  it("by address range", async () => {
    const guard = createEndpointGuard({ allow: ["127.0.0.0/8"] });
    await guard.check(`${internal.url}/v1`);
    const res = await createGuardedFetch(guard)(`${internal.url}/v1/models`, { headers: { accept: "x" } });
    expect(await res.json()).toMatchObject({ data: [{ id: expect.any(String) }] });
  });

  it("by host name, and an IPv4-mapped spelling matches an IPv4 range", async () => {
    const named = createEndpointGuard({
      allow: ["gpu-box"],
      resolve: resolver({ "gpu-box": ["127.0.0.1"] }),
    });
    expect((await createGuardedFetch(named)(`http://gpu-box:${internal.port}/`)).status).toBe(200);
    const mapped = createEndpointGuard({ allow: ["127.0.0.1"] });
    expect((await createGuardedFetch(mapped)(`http://[::ffff:127.0.0.1]:${internal.port}/`)).status).toBe(200);
  });

  it("sends Request objects whole (method, headers and body), as @jupyterlab/services does", async () => {
    const guard = createEndpointGuard({ allow: ["127.0.0.1"] });
    const res = await createGuardedFetch(guard)(
      new Request(`${internal.url}/api/kernels`, { method: "POST", body: JSON.stringify({ name: "python3" }) }),
    );
    expect(res.status).toBe(200);
  });
});
