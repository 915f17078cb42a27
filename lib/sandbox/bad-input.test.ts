// Hostile and broken cells against the REAL sandbox (Jupyter Server + bubblewrap, test limits:
// 5 s per cell, 1.5 GiB address space, 64 MiB /tmp, 32 processes). Each must end with a clear
// message, leave the host alone, and leave the conversation's next cell working.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellResult } from "@/lib/agent/ports";
import type { ManagedSandbox } from "./index";
import { createTestSandbox, quadrantImage } from "./test-support";

let sandbox: ManagedSandbox;
let stateDir: string;
const session = "hostile";

beforeAll(async () => {
  // Raw code: these cells use try/except blocks that faithful mode would re-indent.
  stateDir = await mkdtemp(path.join(os.tmpdir(), "loupe-sandbox-test-"));
  sandbox = await createTestSandbox({ faithful: false, stateDir });
  await sandbox.prepare({ sessionId: session, images: [await quadrantImage()] });
});

afterAll(async () => {
  await sandbox?.close();
  await rm(stateDir, { recursive: true, force: true });
});

const run = (code: string): Promise<CellResult> => sandbox.execute({ sessionId: session, code });

async function expectNextCellWorks(): Promise<void> {
  const r = await run("print('next', image_1.size)");
  expect(r.status).toBe("ok");
  expect(r.stdout).toBe("next (320, 240)\n");
}

describe("bad input in the real sandbox", () => {
  it("interrupts `while True: pass` at the cell timeout", async () => {
    const r = await run("while True: pass");
    expect(r.status).toBe("timeout");
    expect(r.stderr).toContain("TimeoutError: the cell ran longer than 5 s and was interrupted.");
    expect(r.notice).toBe("The Python cell timed out: the cell ran longer than 5 s and was interrupted.");
    await expectNextCellWorks();
  });

  it("contains a fork bomb with RLIMIT_NPROC and reaps what it left", async () => {
    const r = await run("import os\nwhile True:\n    os.fork()");
    expect(r.status).toBe("error");
    expect(r.stderr).toContain("BlockingIOError");
    const ps = await run(
      "import subprocess\nprint(subprocess.run(['ps', '-e', '-o', 'comm='], capture_output=True, text=True).stdout)",
    );
    expect(ps.stderr).toBe("");
    // The kernel is pid 1 of its namespace (no init of bubblewrap's beside it).
    expect(ps.stdout.trim().split("\n").sort()).toEqual(["ps", "python3"]);
    await expectNextCellWorks();
  });

  it("refuses a 20 GB allocation with MemoryError", async () => {
    const r = await run("x = bytearray(20 * 1024**3)");
    expect(r.status).toBe("error");
    expect(r.stderr).toContain("MemoryError");
    await expectNextCellWorks();
  });

  it("stops writing 5 GB to /tmp at the tmpfs cap", async () => {
    const r = await run(
      "chunk = b'x' * (1024 * 1024)\nwith open('/tmp/fill', 'wb') as f:\n    for _ in range(5 * 1024):\n        f.write(chunk)",
    );
    expect(r.status).toBe("error");
    expect(r.stderr).toContain("No space left on device");
    await run("import os\nos.remove('/tmp/fill')");
    await expectNextCellWorks();
  });

  it("caps printing 100 MB with a visible marker", async () => {
    const r = await run("print('x' * 100_000_000)");
    expect(r.status).toBe("ok");
    expect(
      r.stdout.startsWith("x".repeat(10_000) + "\n[output truncated: showing the first 10000 of 100000001 characters]"),
    ).toBe(true);
    expect(r.stdout.length).toBeLessThan(10_100);
    await expectNextCellWorks();
  });

  it("restarts a kernel that ignores SIGTERM and SIGINT, then reloads image_1", async () => {
    const r = await run(
      "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass",
    );
    expect(r.status).toBe("timeout");
    expect(r.notice).toBe("The Python kernel was restarted; earlier variables are gone.");
    expect(r.stderr).toContain("did not respond to the interrupt and was restarted");
    await expectNextCellWorks();
  });

  it("has no network: sockets to 127.0.0.1:5432 and outside fail, DNS fails", async () => {
    const r = await run(
      [
        "import socket",
        "for host in [('127.0.0.1', 5432), ('1.1.1.1', 80)]:",
        "    try:",
        "        socket.create_connection(host, timeout=3)",
        "        print(host, 'connected')",
        "    except OSError as e:",
        "        print(host, type(e).__name__)",
        "try:",
        "    socket.getaddrinfo('example.com', 443)",
        "    print('dns resolved')",
        "except socket.gaierror as e:",
        "    print('dns', type(e).__name__)",
      ].join("\n"),
    );
    expect(r.stdout).toBe("('127.0.0.1', 5432) ConnectionRefusedError\n('1.1.1.1', 80) OSError\ndns gaierror\n");
    await expectNextCellWorks();
  });

  it("sees only its own processes, not the app's .env and data dir, nor other kernels' files", async () => {
    const appDir = process.cwd();
    // Another conversation's kernel: its connection file (with its HMAC key) is on the host.
    await sandbox.execute({ sessionId: "neighbour", code: "secret = 1" });
    const runtime = path.join(stateDir, "runtime");
    const connectionFiles = (await readdir(runtime)).filter((f) => /^kernel-.*\.json$/.test(f));
    expect(connectionFiles.length).toBeGreaterThanOrEqual(2);
    const r = await run(
      [
        "import os",
        "def probe(path):",
        "    try:",
        "        with open(path) as f:",
        "            f.read()",
        "        return 'read'",
        "    except OSError as e:",
        "        return type(e).__name__",
        "print(sorted(p for p in os.listdir('/proc') if p.isdigit()), os.getpid())",
        "print(sorted(k.split(b'=')[0].decode() for k in open('/proc/1/environ', 'rb').read().split(b'\\0') if b'TOKEN' in k))",
        `print(probe(${JSON.stringify(path.join(appDir, ".env"))}))`,
        `print(os.path.exists(${JSON.stringify(path.join(appDir, ".data"))}), os.path.exists(${JSON.stringify(appDir)}))`,
        `print(sorted({probe(os.path.join(${JSON.stringify(runtime)}, f)) for f in ${JSON.stringify(connectionFiles)}}))`,
        "try:",
        `    os.listdir(${JSON.stringify(runtime)})`,
        "except OSError as e:",
        "    print('list', type(e).__name__)",
        "print(sorted(k for k in os.environ if 'TOKEN' in k or 'SECRET' in k or 'DATABASE' in k))",
      ].join("\n"),
    );
    expect(r.stdout).toBe(
      "['1'] 1\n[]\nFileNotFoundError\nFalse False\n['FileNotFoundError']\nlist FileNotFoundError\n[]\n",
    );
    await expectNextCellWorks();
  });

  it("runs os.system and subprocess as an unprivileged uid inside the sandbox", async () => {
    const r = await run(
      "import os, subprocess\nos.system('id -u > /tmp/uid')\nprint(open('/tmp/uid').read().strip() != '0')\nprint(subprocess.run(['id', '-u'], capture_output=True, text=True).stdout.strip() == str(os.getuid()))",
    );
    expect(r.stdout).toBe("True\nTrue\n");
    await expectNextCellWorks();
  });

  it("keeps at most the configured number of images from a cell returning 200", async () => {
    const r = await run("for i in range(200):\n    display(image_1.crop((0, 0, 8, 8)))");
    expect(r.images).toHaveLength(20);
    expect(r.stderr).toContain("[180 more image(s) were not kept: at most 20 per cell]");
    await expectNextCellWorks();
  });

  it("returns a 1×100000 image with its real size", async () => {
    const r = await run("Image.new('RGB', (1, 100000), 'red')");
    expect(r.status).toBe("ok");
    expect(r.images.map((i) => [i.width, i.height])).toEqual([[1, 100000]]);
    await expectNextCellWorks();
  });

  it("recovers from a kernel dying mid-cell (os._exit) with image_1 reloaded", async () => {
    await run("before_crash = 1");
    const r = await run("import os\nos._exit(1)");
    expect(r.status).toBe("crashed");
    expect(r.notice).toBe("The Python kernel was restarted; earlier variables are gone.");
    expect(r.stderr).toContain("The Python kernel died while running this cell");
    expect((await run("print('before_crash' in dir())")).stdout).toBe("False\n");
    await expectNextCellWorks();
  });
});
