// Sandbox benchmarks against the real local sandbox (Jupyter Server + bubblewrap kernels):
// the warm crop-and-show round trip next to a bare kernel's floor measured in the same run, pool
// acquisition, cold start, idle kernel memory, and 20 conversations at once.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { percentile, round } from "@/bench/stats";
import type { BenchScenario } from "@/bench/types";
import type { EncodedImage } from "@/lib/agent/ports";
import { createSandbox, type ManagedSandbox, type SandboxConfig } from "@/lib/sandbox";
import { serverSettings, shutdownKernel, startKernel } from "@/lib/sandbox/kernel-client";
import { runCell } from "@/lib/sandbox/run-cell";
import { startPlainJupyterServer } from "@/lib/sandbox/testing/plain-jupyter-server";
import { fixturePath } from "@/e2e/fixtures";

const CROP_SHOW = "c = image_1.crop((100, 80, 300, 240))\nplt.imshow(c)\nplt.axis('off')\nplt.show()";
const CAPTURE = { streamCapChars: 20_000, maxImagesPerCell: 50, maxImageBytes: 8 << 20 };

async function benchImage(): Promise<EncodedImage> {
  const data = await sharp(fixturePath("chelsea.png")).png().toBuffer();
  const meta = await sharp(data).metadata();
  return { data: new Uint8Array(data), mediaType: "image/png", width: meta.width, height: meta.height };
}

async function withSandbox<T>(config: Partial<SandboxConfig>, body: (s: ManagedSandbox) => Promise<T>): Promise<T> {
  const sandbox = createSandbox({ poolSize: 1, ...config });
  try {
    return await body(sandbox);
  } finally {
    await sandbox.close();
  }
}

async function waitForWarm(sandbox: ManagedSandbox, count: number): Promise<void> {
  while (sandbox.stats().warmKernels < count) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The same cell on a stock ipykernel (no bwrap, no bootstrap, TCP): the floor. */
async function bareKernelSamples(image: EncodedImage, iterations: number): Promise<number[]> {
  const server = await startPlainJupyterServer();
  const kernel = await startKernel(serverSettings(server.url, server.token), "python3", 60_000);
  try {
    const b64 = Buffer.from(image.data).toString("base64");
    const init = `import base64\nfrom io import BytesIO\nfrom PIL import Image\nimport matplotlib.pyplot as plt\n%matplotlib inline\nimage_1 = Image.open(BytesIO(base64.b64decode("${b64}")))`;
    await runCell(kernel, init, { ...CAPTURE, timeoutMs: 60_000, interruptGraceMs: 1_000 });
    const samples: number[] = [];
    for (let i = 0; i < iterations + 2; i++) {
      const start = performance.now();
      const { result } = await runCell(kernel, CROP_SHOW, { ...CAPTURE, timeoutMs: 60_000, interruptGraceMs: 1_000 });
      if (result.images.length !== 1) throw new Error(`bare kernel returned ${result.images.length} images`);
      if (i >= 2) samples.push(performance.now() - start); // two warm-up cells
    }
    return samples;
  } finally {
    await shutdownKernel(kernel);
    await server.stop();
  }
}

const cropShow: BenchScenario = {
  name: "sandbox/crop-show-round-trip",
  description:
    "Warm round trip of a crop + plt.imshow + plt.show cell in a sandboxed kernel, next to the same cell on a bare ipykernel (same run).",
  target: "p50 within 1.2× of the bare-kernel p50",
  async run({ iterations }) {
    const image = await benchImage();
    const n = Math.max(10, iterations);
    const samplesMs = await withSandbox({}, async (sandbox) => {
      await sandbox.prepare({ sessionId: "bench", images: [image] });
      const samples: number[] = [];
      for (let i = 0; i < n + 2; i++) {
        const start = performance.now();
        const r = await sandbox.execute({ sessionId: "bench", code: CROP_SHOW });
        if (r.images.length !== 1) throw new Error(`sandbox returned ${r.images.length} images: ${r.stderr}`);
        if (i >= 2) samples.push(performance.now() - start);
      }
      return samples;
    });
    const bare = await bareKernelSamples(image, n);
    return {
      samplesMs,
      metrics: {
        bare_p50_ms: round(percentile(bare, 50), 1),
        bare_p95_ms: round(percentile(bare, 95), 1),
        ratio_p50: round(percentile(samplesMs, 50) / percentile(bare, 50), 2),
      },
      notes:
        "Both include PNG encoding of a 640×480 figure; the sandbox also runs faithful mode and provenance tracking.",
    };
  },
};

const poolAcquire: BenchScenario = {
  name: "sandbox/pool-acquire",
  description: "prepare() of a new conversation (no images) while a warm kernel waits in the pool.",
  target: "≤ 50 ms",
  async run({ iterations }) {
    return withSandbox({ poolSize: 1 }, async (sandbox) => {
      const samplesMs: number[] = [];
      for (let i = 0; i < Math.max(5, Math.min(iterations, 10)); i++) {
        await waitForWarm(sandbox, 1);
        const start = performance.now();
        await sandbox.prepare({ sessionId: `acquire-${i}`, images: [] });
        samplesMs.push(performance.now() - start);
        await sandbox.release(`acquire-${i}`);
      }
      return { samplesMs };
    });
  },
};

const coldStart: BenchScenario = {
  name: "sandbox/cold-start",
  description: "prepare() of a new conversation with an empty pool: kernel start under bwrap + bootstrap imports.",
  async run({ iterations }) {
    return withSandbox({ poolSize: 0 }, async (sandbox) => {
      await sandbox.prepare({ sessionId: "server-up", images: [] }); // the server's own start is not measured
      const samplesMs: number[] = [];
      for (let i = 0; i < Math.max(3, Math.min(iterations, 5)); i++) {
        const start = performance.now();
        await sandbox.prepare({ sessionId: `cold-${i}`, images: [] });
        samplesMs.push(performance.now() - start);
        await sandbox.release(`cold-${i}`);
      }
      return { samplesMs };
    });
  },
};

const idleMemory: BenchScenario = {
  name: "sandbox/idle-kernel-memory",
  description: "Resident memory of an idle sandboxed kernel after image_1 and one crop-and-show cell.",
  async run() {
    const image = await benchImage();
    const stateDir = await mkdtemp(path.join(os.tmpdir(), "loupe-bench-memory-"));
    const rss = await withSandbox({ poolSize: 0, stateDir }, async (sandbox) => {
      for (const id of ["m1", "m2", "m3"]) {
        await sandbox.prepare({ sessionId: id, images: [image] });
        await sandbox.execute({ sessionId: id, code: CROP_SHOW });
      }
      return kernelRssKiB(stateDir);
    }).finally(() => rm(stateDir, { recursive: true, force: true }));
    const meanMiB = rss.reduce((a, b) => a + b, 0) / rss.length / 1024;
    return { metrics: { kernels: rss.length, rss_mean_MiB: round(meanMiB, 1) } };
  },
};

const concurrent: BenchScenario = {
  name: "sandbox/20-conversations",
  description:
    "20 conversations at once: prepare (image_1) + one crop-and-show cell each; per-cell latency and wall time.",
  async run() {
    const image = await benchImage();
    return withSandbox({ poolSize: 2 }, async (sandbox) => {
      const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
      await Promise.all(ids.map((id) => sandbox.prepare({ sessionId: id, images: [image] })));
      const wall = performance.now();
      const samplesMs = await Promise.all(
        ids.map(async (id) => {
          const start = performance.now();
          const r = await sandbox.execute({ sessionId: id, code: CROP_SHOW });
          if (r.images.length !== 1) throw new Error(r.stderr);
          return performance.now() - start;
        }),
      );
      return { samplesMs, metrics: { wall_ms: round(performance.now() - wall, 1) } };
    });
  },
};

/** VmRSS of the kernels of the sandbox whose private dir is `stateDir`. */
async function kernelRssKiB(stateDir: string): Promise<number[]> {
  const out: number[] = [];
  for (const pid of (await readdir("/proc")).filter((p) => /^\d+$/.test(p))) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
    const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (uid >= 200_000 && cmd.includes("ipykernel_launcher") && cmd.includes(stateDir))
      out.push(Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
  }
  return out;
}

export const scenarios: BenchScenario[] = [cropShow, poolAcquire, coldStart, idleMemory, concurrent];
