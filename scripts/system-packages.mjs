// The Debian packages Loupe needs on the machine: the local Python sandbox, and Chromium for the
// end-to-end tests. Shared by `npm run local` (installs the sandbox ones when run as root) and CI.
import { spawnSync } from "node:child_process";

export const SANDBOX_PACKAGES = [
  "jupyter-server",
  "python3-ipykernel",
  "python3-pil",
  "python3-numpy",
  "python3-matplotlib",
  "python3-opencv",
  "python3-scipy",
  "python3-autopep8",
  "python3-seccomp",
  "bubblewrap",
];
export const TEST_PACKAGES = ["chromium"];

/** The packages of `names` that dpkg does not report as installed. */
export function missingPackages(names) {
  if (spawnSync("which", ["dpkg-query"]).status !== 0) return names;
  return names.filter((name) => {
    const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
    return r.status !== 0 || !r.stdout.includes("install ok installed");
  });
}

export function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** apt-get install the packages (as root); returns true on success. */
export function aptInstall(names) {
  if (names.length === 0) return true;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
  if (update.status !== 0) return false;
  return (
    spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...names], { stdio: "inherit", env })
      .status === 0
  );
}
