// One-shot readiness check for the doctor and health endpoints: what is missing and how to fix it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { SandboxConfig } from "./config";

const run = promisify(execFile);

export const REQUIRED_DEBIAN_PACKAGES = [
  "jupyter-server",
  "python3-ipykernel",
  "python3-pil",
  "python3-numpy",
  "python3-matplotlib",
  "python3-autopep8",
  "python3-seccomp",
  "bubblewrap",
  "util-linux",
] as const;

export const APT_FIX_COMMAND = `sudo apt-get install -y ${REQUIRED_DEBIAN_PACKAGES.join(" ")}`;

export interface SandboxCheck {
  status: "ok" | "down" | "not_configured";
  reason: string;
  latencyMs: number;
  /** Local sandbox only: Debian packages not installed. */
  missingPackages?: string[];
  /** Local sandbox only: the command that installs what is missing. */
  fix?: string;
}

// The same shape of sandbox the launcher builds: drop to an unprivileged uid first, then let
// bubblewrap build it in a user namespace of its own that may not make another one.
const BWRAP_PROBE = [
  "--reuid=65534",
  "--regid=65534",
  "--clear-groups",
  "--no-new-privs",
  "--",
  "/usr/bin/bwrap",
  "--unshare-user",
  "--disable-userns",
  "--unshare-net",
  "--unshare-pid",
  "--as-pid-1",
  "--ro-bind",
  "/usr",
  "/usr",
  "--symlink",
  "usr/lib",
  "/lib",
  "--symlink",
  "usr/lib64",
  "/lib64",
  "--",
  "/usr/bin/true",
];

/** Are the Debian packages and a working bubblewrap present? (local sandbox) */
export async function checkLocalPrerequisites(config: Pick<SandboxConfig, "python">): Promise<SandboxCheck> {
  const started = performance.now();
  const missing = await missingPackages();
  const problems: string[] = [];
  if (missing.length) problems.push(`Debian packages missing: ${missing.join(", ")}.`);
  else {
    const modules = "import jupyter_server, ipykernel, PIL, numpy, matplotlib, autopep8, seccomp";
    const python = await failure(config.python, ["-c", modules]);
    if (python) problems.push(`${config.python} cannot import the sandbox's modules (${python}).`);
    const bwrap = await failure("/usr/bin/setpriv", BWRAP_PROBE);
    if (bwrap) {
      problems.push(
        `bubblewrap cannot create a sandbox here (${bwrap}); the app must run as root (it mounts each kernel's socket dir and starts kernels under uids of their own), and unprivileged user namespaces must be allowed (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 and later, an AppArmor profile for bwrap).`,
      );
    }
  }
  const latencyMs = Math.round(performance.now() - started);
  if (!problems.length) {
    return { status: "ok", reason: "Jupyter Server, ipykernel and bubblewrap are installed and work.", latencyMs };
  }
  return {
    status: "down",
    reason: problems.join(" "),
    latencyMs,
    ...(missing.length ? { missingPackages: missing, fix: `sudo apt-get update && ${APT_FIX_COMMAND}` } : {}),
  };
}

/** The last line of what a command printed when it failed, or undefined when it worked. */
async function failure(command: string, args: string[]): Promise<string | undefined> {
  try {
    await run(command, args, { timeout: 30_000 });
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const text = typeof stderr === "string" && stderr.trim() ? stderr : (error as Error).message;
    return text.trim().split("\n").pop();
  }
}

async function missingPackages(): Promise<string[]> {
  const { stdout } = await run("dpkg-query", [
    "-W",
    "-f=${Package} ${db:Status-Abbrev}\n",
    ...REQUIRED_DEBIAN_PACKAGES,
  ]).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }), // exits 1 when some are unknown
  );
  const installed = new Set(
    stdout
      .split("\n")
      .filter((line) => /\sii\s*$/.test(line))
      .map((line) => line.split(/\s/)[0]!.replace(/:.*/, "")),
  );
  return REQUIRED_DEBIAN_PACKAGES.filter((name) => !installed.has(name));
}
