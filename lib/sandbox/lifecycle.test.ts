// Kernel and server lifecycle against the real local sandbox: culling, cancel, the server dying,
// and no process outliving the Node process that started it.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EncodedImage } from "@/lib/agent/ports";
import type { ManagedSandbox } from "./index";
import { createTestSandbox, quadrantImage } from "./test-support";

const LOST = "The Python kernel was restarted; earlier variables are gone.";
let sandbox: ManagedSandbox;
let stateDir: string;
let image: EncodedImage;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "loupe-lifecycle-"));
  sandbox = await createTestSandbox({ stateDir, idleCullMs: 60 * 60_000 });
  image = await quadrantImage();
});

afterAll(async () => {
  await sandbox?.close();
  expect(await processesUsing(stateDir)).toEqual([]);
  await rm(stateDir, { recursive: true, force: true });
});

describe("kernel lifecycle", () => {
  it("culls idle kernels and recreates them on demand with images reloaded and a notice", async () => {
    await sandbox.prepare({ sessionId: "idle", images: [image] });
    await sandbox.execute({ sessionId: "idle", code: "x = 1" });
    expect(await sandbox.cullIdle(Date.now() + 2 * 60 * 60_000)).toBeGreaterThanOrEqual(1);
    const prepared = await sandbox.prepare({ sessionId: "idle", images: [image] });
    expect(prepared.notice).toBe(LOST);
    const r = await sandbox.execute({ sessionId: "idle", code: "print('x' in dir(), image_1.size)" });
    expect(r.stdout).toBe("False (320, 240)\n");
  });

  it("keeps active conversations when culling", async () => {
    await sandbox.execute({ sessionId: "busy", code: "y = 2" });
    expect(await sandbox.cullIdle(Date.now() - 1)).toBe(0);
    expect((await sandbox.execute({ sessionId: "busy", code: "print(y)" })).stdout).toBe("2\n");
  });

  it("cancels a running cell by interrupting it", async () => {
    let settled = false;
    const pending = sandbox
      .execute({ sessionId: "cancel", code: "import time\ntime.sleep(60)" })
      .then(
        () => "finished",
        (error: Error) => error.name,
      )
      .finally(() => (settled = true));
    while (!settled) {
      await sandbox.cancel("cancel");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await pending).toBe("AbortError");
    expect((await sandbox.execute({ sessionId: "cancel", code: "print('ok')" })).stdout).toBe("ok\n");
  });

  it("restarts the Jupyter Server when it dies and recreates the conversation's kernel", async () => {
    await sandbox.prepare({ sessionId: "server", images: [image] });
    const [server] = await processesUsing(stateDir, "jupyter_server");
    expect(server).toBeDefined();
    process.kill(server!, "SIGKILL");
    // Health is "down" until the app has seen the exit (and forgotten its kernels) and restarted it.
    let health = await sandbox.health();
    for (let i = 0; health.status !== "ok" && i < 300; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await sandbox.health();
    }
    expect(health.status).toBe("ok");
    const r = await sandbox.execute({ sessionId: "server", code: "print(image_1.size)" });
    expect(r.notice).toBe(LOST);
    expect(r.stdout).toBe("(320, 240)\n");
  });
});

describe("no orphans", () => {
  it.each(["SIGTERM", "SIGKILL"] as const)("leaves no server or kernel behind when Node gets %s", async (signal) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "loupe-orphan-"));
    const child = spawn(
      path.resolve("node_modules/.bin/tsx"),
      [path.join(__dirname, "fixtures/hold-sandbox.ts"), dir],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    let output = "";
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        if (/^(ready|failed)/m.test(output)) resolve();
      }),
    );
    expect(output).toMatch(/^ready$/m);
    expect((await processesUsing(dir)).length).toBeGreaterThan(0);
    // tsx runs the script in a child Node process: signal that one, as a supervisor would.
    const nodes = await processesUsing(path.join(__dirname, "fixtures"), "hold-sandbox");
    for (const pid of nodes) process.kill(pid, signal);
    await exited;
    let left = await processesUsing(dir);
    for (let i = 0; left.length && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await processesUsing(dir);
    }
    expect(left).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});

/** Processes whose command line mentions `dir` (and `marker`, if given). */
async function processesUsing(dir: string, marker = ""): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir("/proc")).filter((p) => /^\d+$/.test(p))) {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replaceAll("\0", " ");
    if (cmdline.includes(dir) && cmdline.includes(marker) && Number(pid) !== process.pid) found.push(Number(pid));
  }
  return found;
}
