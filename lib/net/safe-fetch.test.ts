import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGE_HOST_ROUTES as R, startImageHost, type ImageHost } from "@/e2e/mocks/search/image-host";
import { NetError } from "./errors";
import { createSafeFetcher, type SafeFetchOptions } from "./safe-fetch";

let host: ImageHost;
beforeAll(async () => {
  host = await startImageHost();
});
afterAll(async () => {
  await host.close();
});

const images: SafeFetchOptions = {
  maxBytes: 2 * 1024 * 1024,
  timeoutMs: 3000,
  acceptContentTypes: ["image/png", "image/jpeg"],
};

async function failure(p: Promise<unknown>): Promise<NetError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(NetError);
  return e as NetError;
}

describe("safe fetch with the fake host allowlisted", () => {
  const fetcher = () => createSafeFetcher({ allowPrivate: [host.hostPort] });

  it("fetches an allowed image", async () => {
    const r = await fetcher().fetch(`${host.url}${R.png}`, images);
    expect(r.contentType).toBe("image/png");
    expect(r.body.slice(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
  });

  it("follows a redirect on the same allowed host", async () => {
    const r = await fetcher().fetch(`${host.url}${R.redirectOk}`, images);
    expect(r.url).toBe(`${host.url}${R.png}`);
  });

  it("refuses a redirect to an internal address and never connects to it", async () => {
    const e = await failure(fetcher().fetch(`${host.url}${R.redirectInternal}`, images));
    expect(e.code).toMatch(/blocked_(port|address)/);
    expect(host.internal.hits).toBe(0);
  });

  it("refuses a redirect to loopback even when its port is allowed", async () => {
    const f = createSafeFetcher({ allowPrivate: [host.hostPort], allowedPorts: [80, 443, host.internal.port] });
    const e = await failure(f.fetch(`${host.url}${R.redirectInternal}`, images));
    expect(e.code).toBe("blocked_address");
    expect(host.internal.hits).toBe(0);
  });

  it("stops a body that grows past the cap", async () => {
    const e = await failure(fetcher().fetch(`${host.url}${R.huge}`, images));
    expect(e.code).toBe("too_large");
    expect(e.message).toBe("The file at 127.0.0.1 is larger than 2 MB.");
  });

  it("refuses a declared oversize body before reading it", async () => {
    const e = await failure(fetcher().fetch(`${host.url}${R.hugeDeclared}`, images));
    expect(e.code).toBe("too_large");
  });

  it("refuses a content type that is not accepted", async () => {
    const e = await failure(fetcher().fetch(`${host.url}${R.notImage}`, images));
    expect(e.code).toBe("bad_content_type");
    expect(e.message).toBe("127.0.0.1 sent text/html, not image/png or image/jpeg.");
  });

  it("gives up on a server that never answers", async () => {
    const e = await failure(fetcher().fetch(`${host.url}${R.slow}`, { ...images, timeoutMs: 300 }));
    expect(e.code).toBe("timeout");
  });

  it("caps redirects", async () => {
    const e = await failure(fetcher().fetch(`${host.url}${R.redirectLoop}`, images));
    expect(e.code).toBe("too_many_redirects");
  });

  it("reports an HTTP error status", async () => {
    const e = await failure(fetcher().fetch(`${host.url}${R.missing}`, images));
    expect(e).toMatchObject({ code: "http_status", message: "127.0.0.1 answered HTTP 404." });
  });

  it("honours the caller's abort signal", async () => {
    const ac = new AbortController();
    const p = fetcher().fetch(`${host.url}${R.slow}`, { ...images, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    expect((await failure(p)).code).toBe("aborted");
  });
});

describe("safe fetch without an allowlist", () => {
  const fetcher = createSafeFetcher();

  it.each([
    ["http://127.0.0.1/x.png", "blocked_address"],
    ["http://2130706433/x.png", "blocked_address"],
    ["http://0x7f.1/x.png", "blocked_address"],
    ["http://0177.0.0.1/x.png", "blocked_address"],
    ["http://[::1]/x.png", "blocked_address"],
    ["http://[::ffff:127.0.0.1]/x.png", "blocked_address"],
    ["http://[::ffff:7f00:1]/x.png", "blocked_address"],
    ["http://169.254.169.254/latest/meta-data", "blocked_address"],
    ["http://10.0.0.1/x.png", "blocked_address"],
    ["http://100.64.0.1/x.png", "blocked_address"],
    ["http://[fd00::1]/x.png", "blocked_address"],
    ["http://0.0.0.0/x.png", "blocked_address"],
    ["http://example.com:8080/x.png", "blocked_port"],
    ["ftp://example.com/x.png", "blocked_scheme"],
    ["file:///etc/passwd", "blocked_scheme"],
    ["javascript:alert(1)", "blocked_scheme"],
    ["http://user:pw@example.com/x.png", "bad_url"],
    ["not a url", "bad_url"],
  ])("refuses %s (%s)", async (url, code) => {
    expect((await failure(fetcher.fetch(url, images))).code).toBe(code);
  });

  it("refuses the fake host itself: loopback is not reachable without the allowlist", async () => {
    const e = await failure(createSafeFetcher({ allowedPorts: [host.port] }).fetch(`${host.url}${R.png}`, images));
    expect(e.code).toBe("blocked_address");
  });

  it("checks the resolved address at connect time, so a name pointing inside is refused", async () => {
    // `localhost` passes the URL check (it is a name, on an allowed port) and is caught in the lookup.
    const before = host.requests.length;
    const fetcher = createSafeFetcher({ allowedPorts: [host.port] });
    const e = await failure(fetcher.fetch(`http://localhost:${host.port}${R.png}`, images));
    expect(e.code).toBe("blocked_address");
    expect(e.message).toMatch(/^localhost points to a loopback address/);
    expect(host.requests.length).toBe(before);
  });
});
