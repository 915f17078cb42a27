// SandboxPort over Jupyter kernels: one kernel per conversation, from a warm pool, culled when
// idle, recreated with image_1..N reloaded after a cull or crash. Backend: the app's own server
// (bubblewrap kernels) or a remote Jupyter Server / Enterprise Gateway.
import type { CellResult, EncodedImage, SandboxPort } from "@/lib/agent/ports";
import { configureCell, loadImageCell, remoteBootstrapCell } from "./bootstrap-source";
import type { SandboxConfig } from "./config";
import { SandboxError } from "./errors";
import { type KernelHandle, shutdownKernel, startKernel, withTimeout } from "./kernel-client";
import { KernelPool } from "./kernel-pool";
import { LOST_NOTICE, abortError, runCell } from "./run-cell";
import type { ServerConnection } from "@jupyterlab/services";

export interface JupyterBackend {
  settings(): Promise<ServerConnection.ISettings>;
  kernelName: string;
  /** Kernels started elsewhere need the bootstrap sent as a cell. */
  injectBootstrap: boolean;
  close(): Promise<void>;
}

interface Session {
  kernel?: KernelHandle;
  images: EncodedImage[];
  loaded: number;
  lastUsed: number;
  queue: Promise<unknown>;
  /** A task of this conversation is in progress: its kernel is not idle, whatever it is doing. */
  busy: boolean;
  running?: AbortController;
}

const INTERNAL_TIMEOUT_MS = 60_000;

export class JupyterSandbox implements SandboxPort {
  private readonly sessions = new Map<string, Session>();
  /** Conversations whose kernel was culled or lost: their next use says that variables are gone. */
  private readonly lost = new Set<string>();
  readonly pool: KernelPool;
  private readonly cullTimer: NodeJS.Timeout;

  constructor(
    private readonly config: SandboxConfig,
    private readonly backend: JupyterBackend,
  ) {
    this.pool = new KernelPool(
      (signal) => this.startWarmKernel(signal),
      config.poolSize,
      () => this.liveKernels() < config.maxKernels,
    );
    const every = Math.max(1_000, Math.min(config.idleCullMs / 2, 60_000));
    this.cullTimer = setInterval(() => void this.cullIdle(), every);
    this.cullTimer.unref();
  }

  async prepare(input: {
    sessionId: string;
    images: EncodedImage[];
    signal?: AbortSignal;
  }): Promise<{ notice?: string }> {
    const session = this.session(input.sessionId);
    return this.serial(session, async () => {
      session.images = [...input.images];
      const notice = await this.ensureKernel(input.sessionId, session);
      await this.loadImages(session);
      session.lastUsed = Date.now();
      return notice ? { notice } : {};
    });
  }

  async execute(input: { sessionId: string; code: string; signal?: AbortSignal }): Promise<CellResult> {
    const session = this.session(input.sessionId);
    return this.serial(session, async () => {
      const recreated = await this.ensureKernel(input.sessionId, session);
      await this.loadImages(session);
      const controller = new AbortController();
      session.running = controller;
      const signal = input.signal ? AbortSignal.any([input.signal, controller.signal]) : controller.signal;
      try {
        const { result, kernelLost, aborted } = await runCell(session.kernel!, input.code, {
          ...this.config,
          timeoutMs: this.config.cellTimeoutMs,
          signal,
        });
        if (kernelLost) await this.recover(session);
        if (aborted) throw abortError(signal);
        const notice = result.notice ?? recreated;
        return notice ? { ...result, notice } : result;
      } finally {
        session.running = undefined;
        session.lastUsed = Date.now();
      }
    });
  }

  /** Interrupt the conversation's running cell, if any. */
  cancel(sessionId: string): Promise<void> {
    this.sessions.get(sessionId)?.running?.abort();
    return Promise.resolve();
  }

  /** Shut the conversation's kernel down now (e.g. the conversation was deleted). */
  async release(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    if (session?.kernel) await shutdownKernel(session.kernel);
  }

  /** Every kernel is gone (the local server restarted): recreate on next use. */
  forgetKernels(): void {
    for (const [id, session] of this.sessions) {
      if (!session.kernel) continue;
      session.kernel.dispose();
      session.kernel = undefined;
      this.lost.add(id);
    }
    this.pool.reset();
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    clearInterval(this.cullTimer);
    const kernels = [...this.sessions.values()].flatMap((s) => (s.kernel ? [s.kernel] : []));
    this.sessions.clear();
    await Promise.all([...kernels.map(shutdownKernel), this.pool.close()]);
    await this.backend.close();
  }

  private session(id: string): Session {
    let session = this.sessions.get(id);
    if (!session) {
      session = { images: [], loaded: 0, lastUsed: Date.now(), queue: Promise.resolve(), busy: false };
      this.sessions.set(id, session);
    }
    return session;
  }

  /** Cells of one conversation run one after another. */
  private serial<T>(session: Session, task: () => Promise<T>): Promise<T> {
    const tracked = async () => {
      session.busy = true;
      try {
        return await task();
      } finally {
        session.busy = false;
      }
    };
    const run = session.queue.then(tracked, tracked);
    session.queue = run.catch(() => undefined);
    return run;
  }

  private async ensureKernel(id: string, session: Session): Promise<string | undefined> {
    if (session.kernel && !session.kernel.isDisposed && session.kernel.status !== "dead") return undefined;
    const hadKernel = session.kernel !== undefined || this.lost.delete(id);
    await this.attachKernel(session);
    session.loaded = 0;
    return hadKernel ? LOST_NOTICE : undefined;
  }

  /** After a crash or forced restart the server restarted the kernel; a dead one is replaced. */
  private async recover(session: Session): Promise<void> {
    const kernel = session.kernel;
    session.loaded = 0;
    if (!kernel || kernel.isDisposed) {
      // forgetKernels() ran meanwhile (the local server died): start over with a new kernel.
      await this.attachKernel(session);
      return this.loadImages(session);
    }
    try {
      await withTimeout(kernel.info, this.config.kernelStartTimeoutMs, "The restarted kernel did not answer.");
      if (kernel.status === "dead" || kernel.isDisposed) throw new Error("dead");
      if (this.backend.injectBootstrap) await this.internal(kernel, remoteBootstrapCell());
      await this.internal(kernel, configureCell(this.config.faithful, this.config.streamCapChars));
    } catch {
      session.kernel = undefined;
      await shutdownKernel(kernel);
      await this.attachKernel(session);
    }
    await this.loadImages(session);
  }

  private async loadImages(session: Session): Promise<void> {
    while (session.loaded < session.images.length) {
      const index = session.loaded + 1;
      await this.internal(session.kernel!, loadImageCell(index, session.images[index - 1]!.data));
      session.loaded = index;
    }
  }

  /** Kernels alive or starting: conversations', warm and starting ones. */
  private liveKernels(): number {
    let count = this.pool.liveCount;
    for (const session of this.sessions.values()) if (session.kernel && !session.kernel.isDisposed) count += 1;
    return count;
  }

  /**
   * Give a conversation a kernel within LOUPE_MAX_KERNELS: a warm one, or a new one once there is
   * room, made by shutting down the kernel of the conversation idle the longest (its next cell
   * says its variables are gone, as after a cull). When every kernel is busy, wait a little for
   * warm-ups in flight, then refuse with a sentence.
   */
  private async attachKernel(session: Session): Promise<void> {
    session.kernel = undefined;
    const deadline = Date.now() + this.config.kernelStartTimeoutMs;
    for (;;) {
      const warm = this.pool.take();
      if (warm) {
        session.kernel = warm;
        return this.pool.fill();
      }
      if (this.liveKernels() < this.config.maxKernels) return this.pool.startFor((k) => (session.kernel = k));
      const idle = [...this.sessions]
        .filter(([, s]) => s.kernel && !s.busy && !s.running)
        .sort(([, a], [, b]) => a.lastUsed - b.lastUsed)[0];
      if (idle) {
        const [id, session] = idle;
        const kernel = session.kernel!;
        session.kernel = undefined;
        session.loaded = 0;
        this.lost.add(id);
        await shutdownKernel(kernel);
        continue;
      }
      if (this.pool.pendingCount === 0 || Date.now() > deadline) {
        throw new SandboxError(
          "sandbox_unavailable",
          `This server is already running ${this.config.maxKernels} Python kernels, all of them busy (LOUPE_MAX_KERNELS). Try again when another run has finished.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async startWarmKernel(signal: AbortSignal): Promise<KernelHandle> {
    const settings = await this.backend.settings();
    const { kernelName } = this.backend;
    const kernel = await startKernel(settings, kernelName, this.config.kernelStartTimeoutMs, signal);
    try {
      if (this.backend.injectBootstrap) await this.internal(kernel, remoteBootstrapCell());
      await this.internal(kernel, configureCell(this.config.faithful, this.config.streamCapChars));
    } catch (error) {
      await shutdownKernel(kernel);
      throw error;
    }
    return kernel;
  }

  private async internal(kernel: KernelHandle, code: string): Promise<void> {
    const { result } = await runCell(kernel, code, { ...this.config, timeoutMs: INTERNAL_TIMEOUT_MS });
    if (result.status !== "ok") {
      throw new SandboxError(
        "sandbox_unavailable",
        `The Python kernel could not be set up: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`,
      );
    }
  }

  /** Shut down kernels of conversations idle longer than idleCullMs (runs on a timer). */
  async cullIdle(now = Date.now()): Promise<number> {
    const cutoff = now - this.config.idleCullMs;
    const idle = [...this.sessions].filter(([, s]) => !s.running && s.lastUsed <= cutoff);
    for (const [id, session] of idle) {
      this.sessions.delete(id);
      this.lost.add(id);
      if (session.kernel) await shutdownKernel(session.kernel);
    }
    return idle.length;
  }
}
