// Faithful mode for backends that run code as given (DeepEyesV2's jupyter_sandbox): the
// reference fix_python_indentation + autopep8, run by the local Python, as the RL client did.
import { execFile } from "node:child_process";
import path from "node:path";
import { SHIM_DIR } from "./kernelspec";

const ENV = { PATH: "/usr/bin:/bin", PYTHONDONTWRITEBYTECODE: "1" } as unknown as NodeJS.ProcessEnv;

export function fixPythonIndentation(code: string, python = "/usr/bin/python3"): Promise<string> {
  return new Promise((resolve, reject) => {
    const script = path.join(SHIM_DIR, "faithful.py");
    const child = execFile(python, [script], { timeout: 30_000, maxBuffer: 64 << 20, env: ENV }, (error, stdout) =>
      error ? reject(new Error(`Faithful mode could not run ${python}: ${error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(code);
  });
}
