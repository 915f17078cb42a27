// A stock Jupyter Server with Debian's python3 kernel (no sandbox), for the remote-backend test
// and the benchmark's bare-kernel floor. Dies with the Node process (setpriv --pdeathsig).
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "../local-server";

export interface PlainJupyterServer {
  url: string;
  token: string;
  stop(): Promise<void>;
}

export async function startPlainJupyterServer(): Promise<PlainJupyterServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "loupe-plain-jupyter-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const token = "plain-server-token";
  const args = [
    "--pdeathsig=SIGKILL",
    "--",
    "/usr/bin/python3",
    "-m",
    "jupyter_server",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.allow_root=True",
    "--ServerApp.open_browser=False",
    `--ServerApp.root_dir=${dir}`,
  ];
  const env = {
    PATH: "/usr/bin:/bin",
    HOME: dir,
    JUPYTER_TOKEN: token,
    JUPYTER_RUNTIME_DIR: dir,
    PYTHONDONTWRITEBYTECODE: "1",
  };
  const child = spawn("/usr/bin/setpriv", args, {
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: "ignore",
    detached: true,
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    token,
    async stop() {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
