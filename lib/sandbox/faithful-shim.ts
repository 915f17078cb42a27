// Faithful mode for backends that run code as given (DeepEyesV2's jupyter_sandbox): the
// reference fix_python_indentation + autopep8, run by the local Python, as the RL client did.
import { execFile } from "node:child_process";
import path from "node:path";
import { SHIM_DIR } from "./kernelspec";

export function fixPythonIndentation(code: string, python = "/usr/bin/python3"): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(python, [path.join(SHIM_DIR, "faithful.py")], { timeout: 30_000, maxBuffer: 64 << 20 }, (error, stdout) =>
      error ? reject(new Error(`faithful mode could not run ${python}: ${error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(code);
  });
}
