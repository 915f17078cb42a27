// Thin adapter over @jupyterlab/services: server settings for Node, start/connect/stop a kernel.
import type { ClientRequest } from "node:http";
import { KernelAPI, KernelConnection, ServerConnection, type Kernel } from "@jupyterlab/services";
import WebSocket from "ws";
import type { EndpointGuard } from "@/lib/net/endpoint-policy";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { SandboxError } from "./errors";

export type KernelHandle = Kernel.IKernelConnection;

/** `guard`: every HTTP request and WebSocket to the server goes through it (a workspace's own server). */
export function serverSettings(baseUrl: string, token: string, guard?: EndpointGuard): ServerConnection.ISettings {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  return ServerConnection.makeSettings({
    baseUrl: base,
    wsUrl: base.replace(/^http/, "ws"),
    token,
    appendToken: true,
    // Node 20 has no global WebSocket; `ws` implements the same interface.
    WebSocket: (guard ? guardedWebSocket(guard) : WebSocket) as unknown as typeof globalThis.WebSocket,
    ...(guard ? { fetch: createGuardedFetch(guard) } : {}),
  });
}

/** A `ws` WebSocket whose connection goes through the guard (ws hands `lookup` to the socket). */
function guardedWebSocket(guard: EndpointGuard) {
  return class GuardedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      const url = new URL(String(address));
      guard.checkUrl(url);
      super(url, protocols, { lookup: guard.lookup, followRedirects: false });
      // ws emits "upgrade"/"open" only after connecting; judge the peer as soon as the socket connects.
      const req = (this as unknown as { _req?: ClientRequest })._req;
      req?.on("socket", (socket) =>
        socket.once("connect", () => {
          try {
            guard.checkPeer(socket, url.hostname);
          } catch (e) {
            req.destroy(e as Error);
          }
        }),
      );
    }
  };
}

/** Start a kernel and wait until it answers kernel_info (its bootstrap has then run). */
export async function startKernel(
  settings: ServerConnection.ISettings,
  name: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<KernelHandle> {
  let model: Kernel.IModel;
  try {
    model = await KernelAPI.startNew({ name }, settings);
  } catch (error) {
    throw new SandboxError("sandbox_unavailable", `The Jupyter server could not start a kernel: ${describe(error)}`);
  }
  const kernel = new KernelConnection({ model, serverSettings: settings, handleComms: false });
  try {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new SandboxError("sandbox_unavailable", "The sandbox is shutting down."));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await withTimeout(Promise.race([kernel.info, aborted]), timeoutMs, "The Python kernel did not start in time.");
    } finally {
      // The pool's signal lives as long as the pool: do not pile up a listener per kernel.
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  } catch (error) {
    await shutdownKernel(kernel);
    throw error;
  }
  return kernel;
}

export async function shutdownKernel(kernel: KernelHandle): Promise<void> {
  try {
    if (!kernel.isDisposed) await kernel.shutdown();
  } catch {
    // already gone (culled, crashed, or the server went away): nothing left to stop
  } finally {
    kernel.dispose();
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SandboxError("sandbox_unavailable", message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
