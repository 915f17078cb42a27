// The kernelspec and the bubblewrap command its launcher builds (dry run: nothing is started).
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DEFAULTS } from "./config";
import { SHIM_DIR, buildKernelSpec } from "./kernelspec";

const run = promisify(execFile);
let runtime: string;

beforeAll(async () => {
  runtime = await mkdtemp(path.join(os.tmpdir(), "loupe-spec-"));
});

afterAll(async () => {
  await rm(runtime, { recursive: true, force: true });
});

async function dryRun(info: Record<string, unknown>, env: Record<string, string> = {}) {
  const file = path.join(runtime, "kernel-abc.json");
  await writeFile(file, JSON.stringify(info));
  const spec = buildKernelSpec({ ...SANDBOX_DEFAULTS, memoryBytes: 123_000_000, maxProcesses: 7 });
  const { stdout } = await run(spec.argv[0]!, [spec.argv[1]!, file, "--dry-run"], {
    env: { ...spec.env, ...env, PYTHONDONTWRITEBYTECODE: "1" } as unknown as NodeJS.ProcessEnv,
  });
  return JSON.parse(stdout) as { uid: number; argv: string[] };
}

describe("buildKernelSpec", () => {
  it("starts the launcher, interrupts by message and passes the limits", () => {
    const spec = buildKernelSpec({ ...SANDBOX_DEFAULTS, faithful: false, streamCapChars: 50 });
    expect(spec.argv).toEqual(["/usr/bin/python3", path.join(SHIM_DIR, "launch_kernel.py"), "{connection_file}"]);
    expect(spec.interrupt_mode).toBe("message");
    expect(spec.env).toMatchObject({
      LOUPE_MEMORY_BYTES: String(SANDBOX_DEFAULTS.memoryBytes),
      LOUPE_TMP_BYTES: String(SANDBOX_DEFAULTS.tmpBytes),
      LOUPE_KERNEL_FAITHFUL: "0",
      LOUPE_KERNEL_STREAM_CAP: "51",
    });
  });
});

describe("launch_kernel.py", () => {
  it("isolates the kernel: no network, own pid namespace, clean env, limits, unprivileged uid", async () => {
    const sockDir = path.join(runtime, "sock-kernel-abc");
    const { uid, argv } = await dryRun({ transport: "ipc", ip: path.join(sockDir, "k") });
    expect(uid).toBe(SANDBOX_DEFAULTS.uidBase);
    for (const flag of [
      "--unshare-net",
      "--unshare-pid",
      "--unshare-ipc",
      "--die-with-parent",
      "--new-session",
      "--clearenv",
    ]) {
      expect(argv).toContain(flag);
    }
    const tail = argv.slice(argv.indexOf("--"));
    expect(tail).toEqual(
      expect.arrayContaining([
        "--as=123000000",
        "--nproc=7",
        `--reuid=${uid}`,
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
      ]),
    );
    // The only writable bind is this kernel's socket dir; /tmp is a size-capped tmpfs.
    const writable = argv.flatMap((a, i) => (a === "--bind" ? [argv[i + 1]] : []));
    expect(writable).toEqual([sockDir]);
    expect(argv.join(" ")).toContain(`--size ${SANDBOX_DEFAULTS.tmpBytes} --tmpfs /tmp`);
    const readOnly = argv.flatMap((a, i) => (a === "--ro-bind" ? [argv[i + 1]!] : []));
    expect(readOnly.filter((p) => !p.startsWith("/usr") && !p.startsWith("/etc/"))).toEqual([SHIM_DIR]);
    expect(argv.some((a) => a.includes("kernel-abc.json"))).toBe(false);
  });

  it("refuses TCP connection files (a network-less kernel could not reach the server)", async () => {
    await expect(dryRun({ transport: "tcp", ip: "127.0.0.1" })).rejects.toThrow(/transport=ipc/);
  });

  it("refuses a socket dir outside the runtime dir", async () => {
    await expect(dryRun({ transport: "ipc", ip: "/etc/sock/k" })).rejects.toThrow(/not a per-kernel dir/);
  });
});
