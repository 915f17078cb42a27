// Sandbox settings as a plain object; the app's env module maps SANDBOX_* variables onto it.
import os from "node:os";
import type { EndpointGuard } from "@/lib/net/endpoint-policy";

export type SandboxKind = "local" | "jupyter" | "jupyter_sandbox";

export interface SandboxConfig {
  /** local: the app starts Jupyter Server + bwrap; jupyter: a remote Jupyter Server/Enterprise Gateway; jupyter_sandbox: DeepEyesV2's HTTP API. */
  kind: SandboxKind;
  /** Remote URL (jupyter, jupyter_sandbox). */
  url?: string;
  /** Remote token (jupyter). */
  token?: string;
  /** Every connection to `url` goes through this (set when the URL came from a workspace's settings). */
  guard?: EndpointGuard;
  /** Kernel name on a remote Jupyter server. */
  kernelName: string;
  /** Wall-clock limit per cell; PROTOCOL §2.4: RL used 200 s. */
  cellTimeoutMs: number;
  /** After an interrupt, how long to wait before restarting the kernel. */
  interruptGraceMs: number;
  /** Faithful mode: DeepEyesV2's fix_python_indentation + autopep8 before running. */
  faithful: boolean;
  /** stdout and stderr are each capped at this many characters, with a visible marker. */
  streamCapChars: number;
  /** Images kept per cell (the trace); the agent loop sends at most 10 to the model. */
  maxImagesPerCell: number;
  /** Images larger than this (encoded) are dropped with a note in stderr. */
  maxImageBytes: number;
  /** Kernel limits (local only). */
  memoryBytes: number;
  cpuSeconds: number;
  maxProcesses: number;
  maxOpenFiles: number;
  tmpBytes: number;
  /** First uid of the per-kernel uid range (local only). */
  uidBase: number;
  /** Idle conversations' kernels are shut down after this long. */
  idleCullMs: number;
  /** Pre-warmed kernels kept ready. */
  poolSize: number;
  /** Live kernels at most (conversations' and warm ones); the oldest idle one is reclaimed for a new one. */
  maxKernels: number;
  /** Python with the Debian packages (local only). */
  python: string;
  /** Where the local server keeps its private dirs; defaults to a fresh dir under the OS tmp dir. */
  stateDir?: string;
  /** How long to wait for a kernel to start. */
  kernelStartTimeoutMs: number;
}

export const SANDBOX_DEFAULTS: SandboxConfig = {
  kind: "local",
  kernelName: "python3",
  cellTimeoutMs: 200_000,
  interruptGraceMs: 3_000,
  faithful: true,
  streamCapChars: 20_000,
  maxImagesPerCell: 50,
  maxImageBytes: 8 * 1024 * 1024,
  memoryBytes: 4 * 1024 ** 3,
  cpuSeconds: 3_600,
  maxProcesses: 64,
  maxOpenFiles: 256,
  tmpBytes: 512 * 1024 ** 2,
  uidBase: 200_000,
  idleCullMs: 30 * 60_000,
  poolSize: 2,
  maxKernels: defaultMaxKernels(),
  python: "/usr/bin/python3",
  kernelStartTimeoutMs: 60_000,
};

/**
 * A quarter of the machine's memory at ~256 MiB a kernel (an idle one holds ~110 MiB; cells that
 * crop and plot large images hold more), and never fewer than 4.
 */
export function defaultMaxKernels(totalMemoryBytes = os.totalmem()): number {
  return Math.max(4, Math.floor(totalMemoryBytes / 4 / (256 * 1024 ** 2)));
}

export function resolveSandboxConfig(input: Partial<SandboxConfig> = {}): SandboxConfig {
  const config = { ...SANDBOX_DEFAULTS, ...stripUndefined(input) };
  if (config.kind !== "local" && !config.url) {
    throw new Error(`The ${config.kind} sandbox needs a URL (SANDBOX_URL).`);
  }
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
