// Attacks on the host from inside the real local sandbox (docs/security.md, "The sandbox"): a
// cell that plants symlinks where a privileged process would follow them, fills the disk
// through its socket dir, or calls the syscalls and user namespaces escapes start with.
import { execFileSync } from "node:child_process";
import { chmod, lstat, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManagedSandbox } from "./index";
import { createTestSandbox } from "./test-support";

let sandbox: ManagedSandbox;
let stateDir: string;
let canaryDir: string;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "loupe-escape-"));
  canaryDir = await mkdtemp(path.join(os.tmpdir(), "loupe-canary-"));
  // Raw code: faithful mode would re-indent these cells (they use try/except inside loops).
  sandbox = await createTestSandbox({ stateDir, faithful: false });
});

afterAll(async () => {
  await sandbox?.close();
  // Nothing stays mounted once the sandbox is closed.
  expect(execFileSync("cat", ["/proc/self/mountinfo"], { encoding: "utf8" })).not.toContain(stateDir);
  await rm(stateDir, { recursive: true, force: true });
  await rm(canaryDir, { recursive: true, force: true });
});

const run = (code: string, sessionId = "attacker") => sandbox.execute({ sessionId, code });

describe("the sandbox cannot reach the host through paths a privileged process uses", () => {
  it("a symlinked connection file followed at restart overwrites nothing and creates nothing", async () => {
    const existing = path.join(canaryDir, "existing");
    const missing = path.join(canaryDir, "missing");
    await writeFile(existing, "untouched\n");
    await chmod(existing, 0o644);
    const before = await stat(existing);
    // The attack as it was found: the connection file's path from the kernel's command line,
    // replaced by a symlink to a host path; plus every file in the socket dir, then a crash so
    // that the server restarts the kernel through its launcher (running as root).
    const attack = await run(
      [
        "import os",
        "args = open('/proc/self/cmdline', 'rb').read().split(b'\\0')",
        "conn = args[args.index(b'-f') + 1].decode()",
        "targets = [conn] + [os.path.join(d, n) for d in {os.path.dirname(conn), '/run/loupe/sock'} if os.path.isdir(d) for n in ['connection.json', 'k', 'k-1', 'x']]",
        "done = []",
        "for i, t in enumerate(targets):",
        "    try:",
        "        if os.path.lexists(t) and not os.path.isdir(t):",
        "            os.remove(t)",
        `        os.symlink(${JSON.stringify(existing)} if i % 2 == 0 else ${JSON.stringify(missing)}, t)`,
        "        done.append(t)",
        "    except OSError as e:",
        "        pass",
        "print(len(targets) > 0)",
        "os._exit(1)",
      ].join("\n"),
    );
    expect(attack.status).toBe("crashed");
    // The restarted kernel works, and the host's files are as they were.
    expect((await run("print('after restart')")).stdout).toBe("after restart\n");
    expect(await readFile(existing, "utf8")).toBe("untouched\n");
    const after = await stat(existing);
    expect([after.uid, after.gid, after.mode, after.mtimeMs]).toEqual([
      before.uid,
      before.gid,
      before.mode,
      before.mtimeMs,
    ]);
    await expect(lstat(missing)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("the connection file is read-only and the socket dir holds no data (it is not on the host's disk)", async () => {
    const r = await run(
      [
        "import os",
        "try:",
        "    open('/run/loupe/connection.json', 'w')",
        "    print('writable')",
        "except OSError as e:",
        "    print(type(e).__name__)",
        "written = 0",
        "chunk = b'x' * (1 << 20)",
        "try:",
        "    with open('/run/loupe/sock/fill', 'wb') as f:",
        "        for _ in range(64):",
        "            f.write(chunk)",
        "            f.flush()",
        "            written += len(chunk)",
        "except OSError as e:",
        "    print(type(e).__name__)",
        "print(written < (1 << 20))",
        "os.remove('/run/loupe/sock/fill')",
      ].join("\n"),
    );
    expect(r.stdout).toBe("OSError\nOSError\nTrue\n");
  });
});

describe("kernel hardening", () => {
  it("cannot make user namespaces (unshare -Ur id)", async () => {
    const r = await run(
      "import subprocess\np = subprocess.run(['unshare', '-Ur', 'id'], capture_output=True, text=True)\nprint(p.returncode != 0, 'uid=0' in p.stdout)",
    );
    expect(r.stdout).toBe("True False\n");
  });

  it("is refused the syscalls escapes start with (seccomp), and still runs threads", async () => {
    // x86_64 and aarch64 numbers; each must fail with EPERM (1), or ENOSYS (38) for clone3.
    const r = await run(
      [
        "import ctypes, os, platform, threading",
        "libc = ctypes.CDLL(None, use_errno=True)",
        "numbers = {'x86_64': {'ptrace': 101, 'mount': 165, 'umount2': 166, 'pivot_root': 155, 'keyctl': 250, 'add_key': 248,",
        "    'request_key': 249, 'bpf': 321, 'perf_event_open': 298, 'userfaultfd': 323, 'kexec_load': 246,",
        "    'kexec_file_load': 320, 'open_by_handle_at': 304, 'io_uring_setup': 425, 'io_uring_enter': 426,",
        "    'io_uring_register': 427, 'unshare': 272, 'setns': 308, 'clone3': 435},",
        "  'aarch64': {'ptrace': 117, 'mount': 40, 'umount2': 39, 'pivot_root': 41, 'keyctl': 219, 'add_key': 217,",
        "    'request_key': 218, 'bpf': 280, 'perf_event_open': 241, 'userfaultfd': 282, 'kexec_load': 104,",
        "    'kexec_file_load': 294, 'open_by_handle_at': 265, 'io_uring_setup': 425, 'io_uring_enter': 426,",
        "    'io_uring_register': 427, 'unshare': 97, 'setns': 268, 'clone3': 435}}[platform.machine()]",
        "allowed = []",
        "for name, nr in numbers.items():",
        "    ctypes.set_errno(0)",
        "    rc = libc.syscall(nr, 0, 0, 0, 0, 0)",
        "    err = ctypes.get_errno()",
        "    if rc != -1 or err != (38 if name == 'clone3' else 1):",
        "        allowed.append((name, rc, err))",
        "print(allowed)",
        "t = threading.Thread(target=lambda: None)",
        "t.start(); t.join()",
        "print('threads ok', os.fork.__name__)",
      ].join("\n"),
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("[]\nthreads ok fork\n");
  });

  it("cannot write a file larger than its limit (RLIMIT_FSIZE)", async () => {
    const r = await run(
      [
        "import resource",
        "soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)",
        "print(soft != resource.RLIM_INFINITY and soft == hard and soft <= 64 * 1024 * 1024)",
      ].join("\n"),
    );
    expect(r.stdout).toBe("True\n");
  });
});
