// Pre-warmed kernels (bootstrap done: PIL, numpy, matplotlib imported) so a new conversation
// does not pay the cold start. Refilled in the background after each acquisition.
import type { KernelHandle } from "./kernel-client";
import { shutdownKernel } from "./kernel-client";

export class KernelPool {
  private readonly ready: KernelHandle[] = [];
  private pending = 0;
  private closed = false;
  /** Aborts kernel starts still in flight when the pool closes. */
  private readonly closing = new AbortController();

  constructor(
    private readonly start: (signal: AbortSignal) => Promise<KernelHandle>,
    private readonly size: number,
  ) {}

  /** A warm kernel if one is ready, else a freshly started one. */
  async acquire(): Promise<KernelHandle> {
    let kernel: KernelHandle | undefined;
    while ((kernel = this.ready.shift())) {
      if (!kernel.isDisposed && kernel.status !== "dead") break;
      kernel = undefined;
    }
    this.fill();
    return kernel ?? this.start(this.closing.signal);
  }

  /** Start kernels until `size` are ready or starting. */
  fill(): void {
    while (!this.closed && this.ready.length + this.pending < this.size) {
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
