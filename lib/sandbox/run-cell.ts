// Runs one cell on a kernel with a wall-clock limit: interrupt at the limit, restart if the
// interrupt does not take, and say what happened in stderr and a notice.
import type { CellResult, CellStatus } from "@/lib/agent/ports";
import { CellCapture, type CaptureLimits, type IOPubMessage } from "./capture";
import type { KernelHandle } from "./kernel-client";

export interface RunCellOptions extends CaptureLimits {
  timeoutMs: number;
  interruptGraceMs: number;
  signal?: AbortSignal;
}

export interface RunCellOutcome {
  result: CellResult;
  /** The kernel's state is gone (crash or forced restart): the caller reloads image_1..N. */
  kernelLost: boolean;
  /** The signal ended the cell; the caller recovers the kernel if needed, then reports the abort. */
  aborted: boolean;
}

type Ending = "done" | "timeout" | "lost" | "aborted";

const RESTART_WAIT_MS = 60_000;

export const LOST_NOTICE = "The Python kernel was restarted; earlier variables are gone.";

export async function runCell(kernel: KernelHandle, code: string, options: RunCellOptions): Promise<RunCellOutcome> {
  const capture = new CellCapture(options);
  const started = performance.now();
  const future = kernel.requestExecute({
    code,
    silent: false,
    store_history: true,
    allow_stdin: false,
    stop_on_error: true,
  });
  future.onIOPub = (msg) => capture.add(msg as unknown as IOPubMessage);

  let replyStatus: string | undefined;
  const done = future.done.then(
    (reply) => {
      replyStatus = reply?.content.status;
      return "done" as const;
    },
    () => "lost" as const, // futures are cancelled when the kernel dies and is restarted
  );
  const watcher = watchCell(kernel, options);
  const ending: Ending = await Promise.race([done, watcher.ending]);

  let status: CellStatus = replyStatus === "ok" ? "ok" : "error";
  let kernelLost = false;
  let notice: string | undefined;
  if (ending === "timeout" || ending === "aborted") {
    await kernel.interrupt().catch(() => undefined);
    const afterInterrupt = await Promise.race([done, delay(options.interruptGraceMs, "stuck" as const)]);
    if (ending === "timeout") {
      status = "timeout";
      const sentence = `the cell ran longer than ${Math.round(options.timeoutMs / 1000)} s and was interrupted.`;
      capture.note(`TimeoutError: ${sentence}`);
      notice = `The Python cell timed out: ${sentence}`;
    }
    if (afterInterrupt !== "done") {
      // If even the restart hangs, the caller's recovery replaces the kernel.
      await Promise.race([kernel.restart().catch(() => undefined), delay(RESTART_WAIT_MS, undefined)]);
      kernelLost = true;
      notice = LOST_NOTICE;
      capture.note("The kernel did not respond to the interrupt and was restarted; earlier variables are gone.");
    }
  } else if (ending === "lost") {
    status = "crashed";
    kernelLost = true;
    notice = LOST_NOTICE;
    capture.note(
      "The Python kernel died while running this cell (it may have run out of memory or exited) and was restarted; earlier variables are gone.",
    );
  }
  watcher.dispose();
  future.dispose();
  const output = capture.finish();
  return {
    kernelLost,
    aborted: ending === "aborted",
    result: {
      status,
      ...output,
      durationMs: Math.round(performance.now() - started),
      ...(notice ? { notice } : {}),
    },
  };
}

function watchCell(kernel: KernelHandle, options: RunCellOptions) {
  let timer: NodeJS.Timeout | undefined;
  let onStatus: ((_: unknown, status: string) => void) | undefined;
  let onAbort: (() => void) | undefined;
  const ending = new Promise<Ending>((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
    onStatus = (_sender, status) => {
      if (status === "dead" || status === "autorestarting" || status === "restarting") resolve("lost");
    };
    kernel.statusChanged.connect(onStatus);
    onAbort = () => resolve("aborted");
    if (options.signal?.aborted) resolve("aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  return {
    ending,
    dispose() {
      clearTimeout(timer);
      if (onStatus) kernel.statusChanged.disconnect(onStatus);
      if (onAbort) options.signal?.removeEventListener("abort", onAbort);
    },
  };
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

export function abortError(signal?: AbortSignal): Error {
  return signal?.reason instanceof Error ? signal.reason : new DOMException("The cell was cancelled.", "AbortError");
}
