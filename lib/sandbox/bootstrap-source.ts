// Kernels we did not start (a remote Jupyter Server) get the bootstrap as a first cell: the shim
// modules are registered from source, then bootstrap.py runs in the user namespace.
import { readFileSync } from "node:fs";
import path from "node:path";
import { SHIM_DIR } from "./kernelspec";

export const INTERNAL_MARKER = "# loupe:internal";
const MODULES = ["faithful", "loupe_provenance", "loupe_kernel"];

let cached: string | undefined;

export function remoteBootstrapCell(): string {
  cached ??= [
    INTERNAL_MARKER,
    "import sys as _sys, types as _types",
    "def _loupe_module(name, source):",
    "    module = _types.ModuleType(name)",
    "    exec(compile(source, name + '.py', 'exec'), module.__dict__)",
    "    _sys.modules[name] = module",
    // JSON string literals are valid Python string literals.
    ...MODULES.map((name) => `_loupe_module(${JSON.stringify(name)}, ${JSON.stringify(read(`${name}.py`))})`),
    `exec(compile(${JSON.stringify(read("bootstrap.py"))}, "bootstrap.py", "exec"))`,
    "del _loupe_module",
  ].join("\n");
  return cached;
}

/** The internal cell that defines image_{index} from PNG/JPEG bytes (§2.8, tracked for provenance). */
export function loadImageCell(index: number, data: Uint8Array): string {
  const b64 = Buffer.from(data).toString("base64");
  return `${INTERNAL_MARKER}\nimage_${index} = _loupe.load_image(${index}, "${b64}")`;
}

/** Per-sandbox settings; the kernel passes one character more than the app keeps, so the app sees the overflow. */
export function configureCell(faithful: boolean, streamCapChars: number): string {
  return `${INTERNAL_MARKER}\n_loupe.configure(faithful=${faithful ? "True" : "False"}, stream_cap=${streamCapChars + 1})`;
}

function read(file: string): string {
  return readFileSync(path.join(SHIM_DIR, file), "utf8");
}
