// lib/sandbox: run model-written Python. `createSandbox` picks the backend from the config.
import type { SandboxPort } from "@/lib/agent/ports";
import { endpointRefusalOf, type EndpointGuard } from "@/lib/net/endpoint-policy";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { type SandboxCheck, checkLocalPrerequisites } from "./check";
import { type SandboxConfig, resolveSandboxConfig } from "./config";
import { HttpJupyterSandbox } from "./http-sandbox";
import { serverSettings } from "./kernel-client";
import { KERNEL_NAME } from "./kernelspec";
import { JupyterSandbox } from "./jupyter-sandbox";
import { LocalJupyterServer } from "./local-server";

export type { SandboxConfig, SandboxKind } from "./config";
export { SANDBOX_DEFAULTS, resolveSandboxConfig } from "./config";
export type { SandboxCheck } from "./check";
export { APT_FIX_COMMAND, REQUIRED_DEBIAN_PACKAGES } from "./check";

export interface ManagedSandbox extends SandboxPort {
  /** Interrupt the conversation's running cell, if any. */
  cancel(sessionId: string): Promise<void>;
  /** Drop the conversation's kernel now. */
  release(sessionId: string): Promise<void>;
  health(): Promise<SandboxCheck>;
  /** Shut down kernels idle longer than idleCullMs (also runs on a timer); returns how many. */
  cullIdle(now?: number): Promise<number>;
  /** Conversations with a kernel, and warm kernels waiting in the pool. */
  stats(): { activeSessions: number; warmKernels: number };
  close(): Promise<void>;
}

export function createSandbox(input: Partial<SandboxConfig> = {}): ManagedSandbox {
  const config = resolveSandboxConfig(input);
  if (config.kind === "jupyter_sandbox") return httpSandbox(config);
  if (config.kind === "jupyter") {
    const settings = serverSettings(config.url!, config.token ?? "", config.guard);
    const sandbox = new JupyterSandbox(config, {
      settings: () => Promise.resolve(settings),
      kernelName: config.kernelName,
      injectBootstrap: true,
      close: () => Promise.resolve(),
    });
    sandbox.pool.fill();
    return withHealth(sandbox, () => pingJupyter(config.url!, config.token ?? "", config.guard));
  }
  const server = new LocalJupyterServer(config);
  const sandbox = new JupyterSandbox(config, {
    settings: async () => {
      const { baseUrl, token } = await server.ensure();
      return serverSettings(baseUrl, token);
    },
    kernelName: KERNEL_NAME,
    injectBootstrap: false,
    close: () => server.stop(),
  });
  server.onDown = () => sandbox.forgetKernels();
  // Start the server and warm the pool now, so the first conversation does not pay the cold start.
  sandbox.pool.fill();
  return withHealth(sandbox, async () => {
    const { baseUrl, token } = await server.ensure();
    await pingJupyter(baseUrl, token);
  });
}

/** One-shot check for the doctor command and health endpoints; starts nothing. */
export async function checkSandbox(input: Partial<SandboxConfig> = {}): Promise<SandboxCheck> {
  let config: SandboxConfig;
  try {
    config = resolveSandboxConfig(input);
  } catch (error) {
    return { status: "not_configured", reason: (error as Error).message, latencyMs: 0 };
  }
  if (config.kind === "local") return checkLocalPrerequisites(config);
  const started = performance.now();
  try {
    if (config.kind === "jupyter") await pingJupyter(config.url!, config.token ?? "", config.guard);
    else await new HttpJupyterSandbox(config).ping();
    return {
      status: "ok",
      reason: `The ${config.kind} sandbox at ${config.url} answered.`,
      latencyMs: elapsed(started),
    };
  } catch (error) {
    return { status: "down", reason: (error as Error).message, latencyMs: elapsed(started) };
  }
}

function httpSandbox(config: SandboxConfig): ManagedSandbox {
  const sandbox = new HttpJupyterSandbox(config);
  return {
    prepare: (i) => sandbox.prepare(i),
    execute: (i) => sandbox.execute(i),
    cancel: () => Promise.resolve(), // the HTTP API has no interrupt; the request's signal aborts the wait
    release: (id) => sandbox.release(id),
    health: () => timed(() => sandbox.ping()),
    cullIdle: () => Promise.resolve(0), // the jupyter_sandbox server expires sessions itself (1 h)
    stats: () => ({ activeSessions: 0, warmKernels: 0 }),
    close: () => Promise.resolve(),
  };
}

function withHealth(sandbox: JupyterSandbox, ping: () => Promise<void>): ManagedSandbox {
  return {
    prepare: (i) => sandbox.prepare(i),
    execute: (i) => sandbox.execute(i),
    cancel: (id) => sandbox.cancel(id),
    release: (id) => sandbox.release(id),
    health: () => timed(ping),
    cullIdle: (now) => sandbox.cullIdle(now),
    stats: () => ({ activeSessions: sandbox.activeSessions, warmKernels: sandbox.pool.warmCount }),
    close: () => sandbox.close(),
  };
}

async function timed(ping: () => Promise<void>): Promise<SandboxCheck> {
  const started = performance.now();
  try {
    await ping();
    return { status: "ok", reason: "The sandbox answered.", latencyMs: elapsed(started) };
  } catch (error) {
    return { status: "down", reason: (error as Error).message, latencyMs: elapsed(started) };
  }
}

async function pingJupyter(baseUrl: string, token: string, guard?: EndpointGuard): Promise<void> {
  const res = await (guard ? createGuardedFetch(guard) : fetch)(`${baseUrl.replace(/\/+$/, "")}/api/status`, {
    headers: token ? { Authorization: `token ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  }).catch((error: Error) => {
    const refused = endpointRefusalOf(error);
    if (refused) throw refused;
    throw new Error(`The Jupyter server at ${baseUrl} could not be reached (${error.message}).`);
  });
  if (!res.ok)
    throw new Error(
      `The Jupyter server at ${baseUrl} answered HTTP ${res.status}${res.status === 403 ? " (check SANDBOX_TOKEN)" : ""}.`,
    );
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
