// Starts and supervises the app's own Jupyter Server: 127.0.0.1, random port and token, an empty
// private root dir, only the sandboxed kernelspec. Restarted if it dies; killed with the app.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { SandboxConfig } from "./config";
import { SandboxError } from "./errors";
import { KERNEL_NAME, SHIM_DIR, buildKernelSpec } from "./kernelspec";
import { trackProcessGroup } from "./process-reaper";

export interface ServerEndpoint {
  baseUrl: string;
  token: string;
}

export class LocalJupyterServer {
  private child?: ChildProcess;
  private untrack?: () => void;
  private endpoint?: ServerEndpoint;
  private starting?: Promise<ServerEndpoint>;
  private stopping = false;
  private restarts = 0;
  private stateDir?: string;
  private ownsStateDir = false;
  private logTail = "";
  /** Called as soon as the server died: every kernel it ran is gone. It restarts on its own. */
  onDown?: () => void;
  private startedAt = 0;
  private notBefore = 0;

  constructor(private readonly config: SandboxConfig) {}

  /** The running server's endpoint, starting it on first use. */
  async ensure(): Promise<ServerEndpoint> {
    if (this.endpoint) return this.endpoint;
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  get running(): boolean {
    return this.endpoint !== undefined;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      // SIGTERM lets the server shut its kernels down; SIGKILL of the group is the backstop.
      child.kill("SIGTERM");
      const timer = setTimeout(() => killGroup(child), 5_000);
      await exited;
      clearTimeout(timer);
      killGroup(child);
    }
    this.untrack?.();
    this.endpoint = undefined;
    if (this.stateDir) await reapStrays(this.stateDir);
    if (this.stateDir && this.ownsStateDir) await rm(this.stateDir, { recursive: true, force: true });
  }

  private async start(): Promise<ServerEndpoint> {
    const wait = this.notBefore - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.startedAt = Date.now();
    const dirs = await this.prepareDirs();
    const token = randomBytes(24).toString("hex");
    const port = await freePort();
    // setpriv --pdeathsig: the server (and, through bwrap --die-with-parent, its kernels) dies
    // with Node even when Node is SIGKILLed and no exit handler runs. unshare --mount: the
    // kernels' socket mounts live in the server's own mount namespace, so they are gone with it
    // however it ends, and the host's mount table never holds them.
    const child = spawn(
      "/usr/bin/setpriv",
      [
        "--pdeathsig=SIGKILL",
        "--",
        "/usr/bin/unshare",
        "--mount",
        "--propagation",
        "private",
        "--",
        this.config.python,
        "-m",
        "jupyter_server",
        `--config=${path.join(SHIM_DIR, "jupyter_server_config.py")}`,
        "--ServerApp.ip=127.0.0.1",
        `--ServerApp.port=${port}`,
        `--ServerApp.root_dir=${dirs.root}`,
      ],
      {
        // A clean environment: the app's secrets never reach the server or its kernels.
        env: {
          PATH: "/usr/bin:/bin",
          HOME: dirs.home,
          LANG: "C.UTF-8",
          PYTHONPATH: SHIM_DIR,
          PYTHONDONTWRITEBYTECODE: "1", // no __pycache__ in the source tree
          JUPYTER_TOKEN: token,
          JUPYTER_RUNTIME_DIR: dirs.runtime,
          JUPYTER_CONFIG_DIR: dirs.config,
          JUPYTER_DATA_DIR: dirs.data,
          JUPYTER_PATH: dirs.data,
          JUPYTER_PLATFORM_DIRS: "1",
        } as unknown as NodeJS.ProcessEnv,
        cwd: dirs.root,
        detached: true, // its own process group, so the reaper can kill it with its children
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    this.child = child;
    if (child.pid) this.untrack = trackProcessGroup(child.pid);
    child.stderr?.on("data", (chunk: Buffer) => {
      this.logTail = (this.logTail + chunk.toString()).slice(-4_000);
    });
    child.once("exit", (code, signal) => this.onExit(child, code, signal));
    const endpoint = { baseUrl: `http://127.0.0.1:${port}`, token };
    await this.waitUntilReady(endpoint, child);
    this.endpoint = endpoint;
    return endpoint;
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null): void {
    this.untrack?.();
    killGroup(child);
    if (this.child !== child) return;
    this.endpoint = undefined;
    if (this.stopping) return;
    // Back off when it keeps dying soon after starting; a long-lived server restarts at once.
    this.restarts = Date.now() - this.startedAt > 5 * 60_000 ? 0 : this.restarts + 1;
    this.notBefore = Date.now() + Math.min(30_000, 250 * 2 ** this.restarts);
    console.error(`[sandbox] Jupyter Server exited (${code ?? signal}); restarting.`);
    this.onDown?.();
    void this.ensure().catch((error: unknown) => console.error(`[sandbox] restart failed: ${String(error)}`));
  }

  private async waitUntilReady(endpoint: ServerEndpoint, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      try {
        const res = await fetch(`${endpoint.baseUrl}/api/status`, {
          headers: { Authorization: `token ${endpoint.token}` },
        });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    killGroup(child);
    throw new SandboxError(
      "sandbox_unavailable",
      `The local Jupyter Server did not start. Its last log lines:\n${this.logTail.trim().split("\n").slice(-8).join("\n")}`,
    );
  }

  private async prepareDirs() {
    if (!this.stateDir) {
      this.ownsStateDir = !this.config.stateDir;
      this.stateDir = this.config.stateDir ?? (await mkdtemp(path.join(os.tmpdir(), "loupe-sandbox-")));
    }
    const base = this.stateDir;
    const dirs = {
      root: path.join(base, "root"),
      home: path.join(base, "home"),
      runtime: path.join(base, "runtime"),
      config: path.join(base, "config"),
      data: path.join(base, "data"),
    };
    for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true, mode: 0o700 });
    // Kernels' socket dirs: the unprivileged bubblewrap walks to them as the kernel's uid, so the
    // state dir and this one may be traversed (not listed); everything else here stays 0700.
    const sockets = path.join(base, "sockets");
    await mkdir(sockets, { recursive: true, mode: 0o711 });
    await Promise.all([chmod(base, 0o711), chmod(sockets, 0o711)]);
    const specDir = path.join(dirs.data, "kernels", KERNEL_NAME);
    await mkdir(specDir, { recursive: true });
    await writeFile(path.join(specDir, "kernel.json"), JSON.stringify(buildKernelSpec(this.config), null, 2));
    return dirs;
  }
}

/**
 * Kernels leave with the server (bwrap --die-with-parent), a moment later. Wait for them, and
 * SIGKILL any process still running from this server's private dir, so nothing outlives close().
 */
async function reapStrays(stateDir: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const strays = await processesUsing(stateDir);
    if (!strays.length) return;
    if (Date.now() > deadline) for (const pid of strays) tryKill(pid);
    if (Date.now() > deadline + 2_000) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function processesUsing(dir: string): Promise<number[]> {
  const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(`${dir}/`)) found.push(Number(pid));
  }
  return found;
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // exited meanwhile
  }
}

function killGroup(child: ChildProcess): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
