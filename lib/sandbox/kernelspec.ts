// The kernelspec of the local server's only kernel: ipykernel started under bubblewrap.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SandboxConfig } from "./config";

export const KERNEL_NAME = "loupe";
export const SHIM_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "python");

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: "python";
  /** Signals cannot cross into the sandbox's own session: interrupts go over the control channel. */
  interrupt_mode: "message";
  env: Record<string, string>;
}

export function buildKernelSpec(config: SandboxConfig): KernelSpec {
  return {
    argv: [config.python, path.join(SHIM_DIR, "launch_kernel.py"), "{connection_file}"],
    display_name: "Loupe sandbox (Python 3, bubblewrap)",
    language: "python",
    interrupt_mode: "message",
    env: {
      LOUPE_MEMORY_BYTES: String(config.memoryBytes),
      LOUPE_CPU_SECONDS: String(config.cpuSeconds),
      LOUPE_MAX_PROCESSES: String(config.maxProcesses),
      LOUPE_MAX_OPEN_FILES: String(config.maxOpenFiles),
      LOUPE_TMP_BYTES: String(config.tmpBytes),
      LOUPE_UID_BASE: String(config.uidBase),
      LOUPE_KERNEL_FAITHFUL: config.faithful ? "1" : "0",
      // One more than the app's cap, so the app sees the overflow and adds its marker.
      LOUPE_KERNEL_STREAM_CAP: String(config.streamCapChars + 1),
    },
  };
}
