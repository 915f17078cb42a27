// LOUPE_MAX_KERNELS against the real local sandbox: many conversations never hold more than the
// budget of kernels; the one idle the longest gives its kernel up; when all are busy, a sentence.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMaxKernels } from "./config";
import type { ManagedSandbox } from "./index";
import { createTestSandbox } from "./test-support";

const LOST = "The Python kernel was restarted; earlier variables are gone.";
let sandbox: ManagedSandbox;
let stateDir: string;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "loupe-budget-"));
  sandbox = await createTestSandbox({ stateDir, maxKernels: 2, poolSize: 1, faithful: false });
});

afterAll(async () => {
  await sandbox?.close();
  await rm(stateDir, { recursive: true, force: true });
});

/** Kernels alive now: one bubblewrap process per kernel binds its socket dir under the state dir. */
async function liveKernels(): Promise<number> {
  let count = 0;
  for (const pid of (await readdir("/proc")).filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.startsWith("/usr/bin/bwrap\0") && cmdline.includes(`${stateDir}/sockets/`)) count += 1;
  }
  return count;
}

const run = (sessionId: string, code: string) => sandbox.execute({ sessionId, code });

describe("the kernel budget", () => {
  it("is sized to memory by default, never below 4", () => {
    expect(defaultMaxKernels(24 * 1024 ** 3)).toBe(24);
    expect(defaultMaxKernels(2 * 1024 ** 3)).toBe(4);
  });

  it("reclaims the kernel idle the longest for a new conversation, and never exceeds the budget", async () => {
    await run("a", "a = 1");
    await run("b", "b = 2");
    const c = await run("c", "c = 3\nprint('c ran')"); // no room: a (idle the longest) gives its kernel up
    expect(c.stdout).toBe("c ran\n");
    expect(c.notice).toBeUndefined();
    expect(await liveKernels()).toBeLessThanOrEqual(2);
    const again = await run("a", "print('a' in dir())"); // a comes back with a fresh kernel; b gives way
    expect(again.notice).toBe(LOST);
    expect(again.stdout).toBe("False\n");
    expect((await run("c", "print(c)")).stdout).toBe("3\n");
    expect(await liveKernels()).toBeLessThanOrEqual(2);
  });

  it("refuses a new conversation with a sentence while every kernel is busy", async () => {
    const busy = [run("a", "import time\ntime.sleep(3)"), run("c", "import time\ntime.sleep(3)")];
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(run("d", "print('d')")).rejects.toThrow(
      "This server is already running 2 Python kernels, all of them busy (LOUPE_MAX_KERNELS). Try again when another run has finished.",
    );
    await Promise.all(busy);
    expect((await run("d", "print('d')")).stdout).toBe("d\n");
  });
});
