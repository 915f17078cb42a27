// Pre-warmed kernels (bootstrap done: PIL, numpy, matplotlib imported) so a new conversation
// does not pay the cold start. Refilled in the background after each acquisition, while the
// instance's kernel budget has room (`hasRoom`).
import type { KernelHandle } from "./kernel-client";
import { shutdownKernel } from "./kernel-client";

export class KernelPool {
  private readonly ready: KernelHandle[] = [];
  private pending = 0;
  /** Starts for a caller (no warm kernel was ready), counted so that fill() leaves their slot. */
  private starting = 0;
  private closed = false;
  /** Aborts kernel starts still in flight when the pool closes. */
  private readonly closing = new AbortController();

  constructor(
    private readonly start: (signal: AbortSignal) => Promise<KernelHandle>,
    private readonly size: number,
    private readonly hasRoom: () => boolean = () => true,
  ) {}

  /** A warm kernel if one is ready, else undefined. The caller refills (fill()) once it counts it. */
  take(): KernelHandle | undefined {
    let kernel: KernelHandle | undefined;
    while ((kernel = this.ready.shift())) {
      if (!kernel.isDisposed && kernel.status !== "dead") break;
      kernel = undefined;
    }
    return kernel;
  }

  /**
   * Start a kernel for a caller, who `adopt`s it before it stops counting as the pool's (so that
   * the budget never sees it as nobody's), then refill.
   */
  async startFor(adopt: (kernel: KernelHandle) => void): Promise<void> {
    this.starting += 1;
    try {
      this.fill();
      adopt(await this.start(this.closing.signal));
    } finally {
      this.starting -= 1;
    }
    this.fill();
  }

  /** Kernels this pool holds or is starting (they count against the instance's budget). */
  get liveCount(): number {
    return this.ready.length + this.pending + this.starting;
  }

  get pendingCount(): number {
    return this.pending;
  }

  /** Start kernels until `size` are ready or starting, while the budget has room. */
  fill(): void {
    while (!this.closed && this.ready.length + this.pending < this.size && this.hasRoom()) {
      this.pending += 1;
      this.start(this.closing.signal).then(
        (kernel) => {
          this.pending -= 1;
          if (this.closed) void shutdownKernel(kernel);
          else this.ready.push(kernel);
        },
        (error: unknown) => {
          this.pending -= 1;
          if (this.closed) return;
          console.error(`[sandbox] could not pre-warm a kernel: ${String(error)}`);
        },
      );
    }
  }

  /** Forget kernels that no longer exist (e.g. after the local server restarted). */
  reset(): void {
    for (const kernel of this.ready.splice(0)) kernel.dispose();
    this.fill();
  }

  get warmCount(): number {
    return this.ready.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    await Promise.all(this.ready.splice(0).map(shutdownKernel));
  }
}
