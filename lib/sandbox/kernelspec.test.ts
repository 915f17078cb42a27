// The kernelspec and the bubblewrap command its launcher builds (dry run: nothing is started).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DEFAULTS } from "./config";
import { SHIM_DIR, buildKernelSpec } from "./kernelspec";

const run = promisify(execFile);
let state: string;
let runtime: string;

beforeAll(async () => {
  state = await mkdtemp(path.join(os.tmpdir(), "loupe-spec-"));
  runtime = path.join(state, "runtime");
  await mkdir(runtime);
});

afterAll(async () => {
  await rm(state, { recursive: true, force: true });
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
  it("isolates the kernel: no network, own namespaces, clean env, limits, unprivileged uid, seccomp", async () => {
    const sockDir = path.join(state, "sockets", "kernel-abc");
    const { uid, argv } = await dryRun({ transport: "ipc", ip: path.join(sockDir, "k") });
    expect(uid).toBe(SANDBOX_DEFAULTS.uidBase);
    // prlimit, then setpriv drops root *before* bubblewrap, which then runs unprivileged.
    const [prlimit, setpriv, bwrap] = ["/usr/bin/prlimit", "/usr/bin/setpriv", "/usr/bin/bwrap"].map((bin) =>
      argv.indexOf(bin),
    );
    expect([prlimit, setpriv! > prlimit!, bwrap! > setpriv!]).toEqual([0, true, true]);
    expect(argv.slice(prlimit, setpriv)).toEqual(
      expect.arrayContaining(["--as=123000000", "--nproc=7", `--fsize=${SANDBOX_DEFAULTS.tmpBytes}`, "--core=0"]),
    );
    expect(argv.slice(setpriv, bwrap)).toEqual(
      expect.arrayContaining([`--reuid=${uid}`, "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]),
    );
    for (const flag of [
      "--unshare-user",
      "--disable-userns",
      "--unshare-net",
      "--unshare-pid",
      "--unshare-ipc",
      "--die-with-parent",
      "--new-session",
      "--clearenv",
      "--seccomp",
    ]) {
      expect(argv.slice(bwrap)).toContain(flag);
    }
    // The only writable bind is this kernel's socket dir; /tmp and /dev/shm are size-capped
    // tmpfs; the connection file comes from a memfd, read-only; the rest of the root is read-only.
    const writable = argv.flatMap((a, i) => (a === "--bind" ? [`${argv[i + 1]} ${argv[i + 2]}`] : []));
    expect(writable).toEqual([`${sockDir} /run/loupe/sock`]);
    expect(argv.join(" ")).toContain(`--size ${SANDBOX_DEFAULTS.tmpBytes} --tmpfs /tmp`);
    expect(argv.join(" ")).toMatch(/--size \d+ --tmpfs \/dev\/shm/);
    expect(argv.join(" ")).toMatch(/--perms 0444 --ro-bind-data \d+ \/run\/loupe\/connection\.json/);
    expect(argv.join(" ")).toContain("--remount-ro /dev --remount-ro /");
    const readOnly = argv.flatMap((a, i) => (a === "--ro-bind" ? [argv[i + 1]!] : []));
    expect(readOnly.filter((p) => !p.startsWith("/usr") && !p.startsWith("/etc/"))).toEqual([]);
    // The kernel's modules are read-only copies (the app's source dir is never mounted).
    const copies = argv.flatMap((a, i) => (a === "--ro-bind-data" ? [argv[i + 2]!] : []));
    expect(copies).toContain("/opt/loupe/loupe_kernel_app.py");
    expect(argv.some((a) => a.startsWith(SHIM_DIR))).toBe(false);
    expect(argv.some((a) => a.includes("kernel-abc.json"))).toBe(false);
  });

  it("refuses TCP connection files (a network-less kernel could not reach the server)", async () => {
    await expect(dryRun({ transport: "tcp", ip: "127.0.0.1" })).rejects.toThrow(/transport=ipc/);
  });

  it("refuses a socket dir outside the runtime dir", async () => {
    await expect(dryRun({ transport: "ipc", ip: "/etc/sock/k" })).rejects.toThrow(/not a per-kernel dir/);
    await expect(dryRun({ transport: "ipc", ip: path.join(runtime, "sock-x", "k") })).rejects.toThrow(
      /not a per-kernel dir/,
    );
  });
});
