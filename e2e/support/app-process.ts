// Starts a built Loupe (`next start`) as a child process with the given environment, waits until
// /api/health answers, and stops it (SIGTERM, then SIGKILL) — for the e2e web server and for
// tests that need several real app processes.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface AppProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const root = fileURLToPath(new URL("../..", import.meta.url));

export async function startApp(input: {
  port: number;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}): Promise<AppProcess> {
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  // LOUPE_APP_NODE_ARGS passes flags to the app's node only, e.g. "--cpu-prof" to profile a bench.
  const nodeArgs = process.env.LOUPE_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, next, "start", "-p", String(input.port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      ...input.env,
      PORT: String(input.port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${input.port}`;
  const deadline = Date.now() + (input.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode} while starting:\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200 || res.status === 503) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The app did not answer within ${(input.timeoutMs ?? 60_000) / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port: input.port,
    child,
    output: () => log,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
