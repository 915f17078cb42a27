// SSRF through a workspace's Jupyter sandbox URL: the kernel WebSocket goes through the endpoint
// guard as the HTTP requests do (a name that turned private after the HTTP check is refused too).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEndpointGuard, isEndpointRefusal } from "@/lib/net/endpoint-policy";
import { startInternalListener, type InternalListener } from "@/lib/net/test-listener";
import { checkSandbox } from "./index";
import { serverSettings } from "./kernel-client";

let internal: InternalListener;
beforeAll(async () => {
  internal = await startInternalListener();
});
afterAll(() => internal.close());

/** Open a WebSocket the way @jupyterlab/services does, and wait for how it ends. */
function openSocket(settings: ReturnType<typeof serverSettings>, url: string): Promise<unknown> {
  return new Promise((resolve) => {
    try {
      const ws = new settings.WebSocket(url);
      ws.onerror = (event) => resolve((event as unknown as { error?: unknown }).error ?? event);
      ws.onopen = () => resolve("open");
    } catch (error) {
      resolve(error);
    }
  });
}

describe("the kernel WebSocket of a workspace's Jupyter server", () => {
  it("is refused for a loopback literal without connecting", async () => {
    const settings = serverSettings(internal.url, "t", createEndpointGuard({ allow: [] }));
    const error = await openSocket(settings, `ws://127.0.0.1:${internal.port}/api/kernels/k/channels`);
    expect(isEndpointRefusal(error)).toBe(true);
    expect(internal.connections).toBe(0);
  });

  it("is refused for a name that resolves to a private address when the socket connects", async () => {
    const guard = createEndpointGuard({
      allow: [],
      resolve: () => Promise.resolve([{ address: "127.0.0.1", family: 4 }]),
    });
    const settings = serverSettings(`http://jupyter.example.com:${internal.port}`, "t", guard);
    const error = await openSocket(settings, `ws://jupyter.example.com:${internal.port}/api/kernels/k/channels`);
    expect(isEndpointRefusal(error)).toBe(true);
    expect(internal.connections).toBe(0);
  });

  it("connects where the instance admin allows it", async () => {
    const settings = serverSettings(internal.url, "t", createEndpointGuard({ allow: ["127.0.0.1"] }));
    // The listener is no WebSocket server: the handshake fails, but only after connecting.
    const outcome = await openSocket(settings, `ws://127.0.0.1:${internal.port}/api/kernels/k/channels`);
    expect(isEndpointRefusal(outcome)).toBe(false);
    expect(internal.connections).toBe(1);
  });

  it("the sandbox check refuses without connecting, for both remote kinds", async () => {
    const before = internal.connections;
    const guard = createEndpointGuard({ allow: [] });
    for (const kind of ["jupyter", "jupyter_sandbox"] as const) {
      const check = await checkSandbox({ kind, url: internal.url, guard });
      expect(check.status).toBe("down");
      expect(check.reason).toMatch(/^127\.0\.0\.1 is a private address \(loopback\)/);
    }
    expect(internal.connections).toBe(before);
  });
});
