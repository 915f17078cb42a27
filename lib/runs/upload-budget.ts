// How many bytes of uploaded images the whole process holds in memory at once. A multipart turn's
// images go to disk as they arrive (lib/runs/upload-spool.ts) and are read back only once the whole
// form was accepted, after reserving their size here; the route releases it when the turn has
// been started or refused. A turn that does not fit waits, in arrival order, without holding
// anything, until earlier turns release theirs; past `waitMs` it is answered 503
// `unavailable:uploads`. A turn larger than the whole budget (eight images of 25 MB) goes alone,
// once nothing else is held, so every turn the limits allow can still be asked.
import "server-only";
import type { Clock } from "@/lib/agent/backoff";
import { AppError } from "@/lib/errors";
import { systemClock } from "./clock";

export const UPLOAD_MEMORY_BYTES = 64 * 1024 * 1024;
export const UPLOAD_WAIT_MS = 30_000;

/** Gives the bytes back; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  bytes: number;
  release?: Release;
  wake: AbortController;
}

export class MemoryBudget {
  #held = 0;
  #highWater = 0;
  readonly #queue: Waiter[] = [];

  constructor(
    readonly capacity: number,
    private readonly options: { waitMs: number; clock: Pick<Clock, "sleep"> },
  ) {}

  /** Bytes reserved now. */
  get held(): number {
    return this.#held;
  }

  /** The most ever reserved at once. */
  get highWater(): number {
    return this.#highWater;
  }

  /** Reservations waiting for room. */
  get waiting(): number {
    return this.#queue.length;
  }

  /**
   * Reserve `bytes`, waiting behind earlier reservations for room. Throws 503 `unavailable:uploads`
   * if none comes within `waitMs`, and the signal's reason if it aborts first; either way nothing
   * stays reserved.
   */
  async reserve(bytes: number, signal?: AbortSignal): Promise<Release> {
    signal?.throwIfAborted();
    if (bytes <= 0) return () => undefined;
    if (this.#queue.length === 0 && this.#fits(bytes)) return this.#take(bytes);
    const waiter: Waiter = { bytes, wake: new AbortController() };
    const abort = () => waiter.wake.abort();
    signal?.addEventListener("abort", abort, { once: true });
    this.#queue.push(waiter);
    try {
      await this.options.clock.sleep(this.options.waitMs, waiter.wake.signal);
    } finally {
      signal?.removeEventListener("abort", abort);
    }
    if (waiter.release) {
      if (!signal?.aborted) return waiter.release;
      waiter.release();
    } else {
      this.#queue.splice(this.#queue.indexOf(waiter), 1);
      this.#grant(); // the next in line may fit where this one did not
    }
    signal?.throwIfAborted();
    throw new AppError(
      "unavailable:uploads",
      `Loupe is busy with other uploads and found no room for these images within ${Math.round(this.options.waitMs / 1000)} seconds. Send the question again in a moment.`,
    );
  }

  // One turn larger than the whole budget may go when nothing else is held.
  #fits(bytes: number): boolean {
    return this.#held === 0 || this.#held + bytes <= this.capacity;
  }

  #take(bytes: number): Release {
    this.#held += bytes;
    this.#highWater = Math.max(this.#highWater, this.#held);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held -= bytes;
      this.#grant();
    };
  }

  // Wakes waiters in order while the first one fits: a large reservation is not overtaken.
  #grant(): void {
    for (let next = this.#queue[0]; next && this.#fits(next.bytes); next = this.#queue[0]) {
      this.#queue.shift();
      next.release = this.#take(next.bytes);
      next.wake.abort();
    }
  }
}

const g = globalThis as typeof globalThis & { __loupeUploadBudget?: MemoryBudget };

/** The process's budget for uploaded images. */
export function uploadBudget(): MemoryBudget {
  g.__loupeUploadBudget ??= new MemoryBudget(UPLOAD_MEMORY_BYTES, { waitMs: UPLOAD_WAIT_MS, clock: systemClock });
  return g.__loupeUploadBudget;
}
