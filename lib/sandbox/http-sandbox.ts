// Adapter for DeepEyesV2's `jupyter_sandbox` HTTP API (PROTOCOL §3), quirks included: a string
// `output` on errors, images as bare base64 or data URIs, HTTP 200 for nearly everything.
import type { CellResult, EncodedImage, SandboxPort } from "@/lib/agent/ports";
import { endpointRefusalOf } from "@/lib/net/endpoint-policy";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { CellCapture } from "./capture";
import type { SandboxConfig } from "./config";
import { SandboxError } from "./errors";
import { fixPythonIndentation } from "./faithful-shim";

/** §2.8 init cell; for image_1 this is byte-exact the reference INIT_CODE. */
export function initCode(index: number, data: Uint8Array): string {
  const b64 = Buffer.from(data).toString("base64");
  return `\nfrom PIL import Image\nimport base64\nfrom io import BytesIO\n\n_img_base64 = "${b64}"\nimage_${index} = Image.open(BytesIO(base64.b64decode(_img_base64)))\n`;
}

interface Reply {
  output?: unknown;
  status?: unknown;
  execution_time?: unknown;
}

export class HttpJupyterSandbox implements SandboxPort {
  private readonly loaded = new Map<string, number>();
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly config: SandboxConfig) {
    this.fetch = config.guard ? createGuardedFetch(config.guard) : fetch;
    const base = (config.url ?? "").replace(/\/+$/, "");
    this.endpoint = base.endsWith("/jupyter_sandbox") ? base : `${base}/jupyter_sandbox`;
  }

  async prepare(input: {
    sessionId: string;
    images: EncodedImage[];
    signal?: AbortSignal;
  }): Promise<{ notice?: string }> {
    for (let i = this.loaded.get(input.sessionId) ?? 0; i < input.images.length; i++) {
      const reply = await this.post(input.sessionId, initCode(i + 1, input.images[i]!.data), input.signal);
      if (reply.status !== "success")
        throw new SandboxError("sandbox_unavailable", "The code sandbox could not load the image.");
      this.loaded.set(input.sessionId, i + 1);
    }
    return {};
  }

  async execute(input: { sessionId: string; code: string; signal?: AbortSignal }): Promise<CellResult> {
    const started = performance.now();
    const code = this.config.faithful ? await fixPythonIndentation(input.code, this.config.python) : input.code;
    const reply = await this.post(input.sessionId, code, input.signal);
    const capture = new CellCapture(this.config);
    const output = reply.output;
    if (typeof output === "string") {
      // e.g. {"output": "Error: No code provided", "status": "error"}
      capture.add(stream("stderr", output));
      return { status: "error", ...capture.finish(), durationMs: elapsed(started) };
    }
    const out = (output && typeof output === "object" ? output : {}) as Record<string, unknown>;
    capture.add(stream("stdout", text(out.stdout)));
    const stderr = text(out.stderr);
    capture.add(stream("stderr", stderr));
    for (const image of Array.isArray(out.images) ? out.images : []) {
      if (typeof image !== "string") continue;
      const { mediaType, base64 } = splitDataUri(image);
      capture.add({ header: { msg_type: "display_data" }, content: { data: { [mediaType]: base64 } } });
    }
    const result = capture.finish();
    const status = /TimeOutError: code execution timed out|TimeoutException|Timed out!/.test(stderr)
      ? "timeout"
      : stderr.trim()
        ? "error"
        : "ok";
    return {
      status,
      ...result,
      ...(typeof out.result === "string" && out.result !== "None" ? { result: out.result } : {}),
      durationMs: elapsed(started),
    };
  }

  async release(sessionId: string): Promise<void> {
    this.loaded.delete(sessionId);
    await this.fetch(this.endpoint.replace(/jupyter_sandbox$/, "clear_session"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ session_id: sessionId }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined); // best effort: the server expires sessions after an hour anyway
  }

  async ping(): Promise<void> {
    const reply = await this.post("loupe-health-check", "print(1)", undefined, 10_000);
    if (reply.status !== "success")
      throw new SandboxError("sandbox_unavailable", "The code sandbox answered with an error.");
  }

  private async post(sessionId: string, code: string, signal?: AbortSignal, timeoutMs?: number): Promise<Reply> {
    const seconds = this.config.cellTimeoutMs / 1000;
    // The reference client waits 40 s longer than the cell limit (200 s → 240 s).
    const timeout = AbortSignal.timeout(timeoutMs ?? this.config.cellTimeoutMs + 40_000);
    let res: Response;
    try {
      res = await this.fetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ session_id: sessionId, code, timeout: seconds }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const refused = endpointRefusalOf(error);
      if (refused) throw new SandboxError("sandbox_unavailable", refused.message);
      throw new SandboxError(
        "sandbox_unavailable",
        `The code sandbox at ${this.endpoint} could not be reached (${(error as Error).message}).`,
      );
    }
    if (!res.ok) throw new SandboxError("sandbox_unavailable", `The code sandbox answered HTTP ${res.status}.`);
    try {
      return (await res.json()) as Reply;
    } catch {
      throw new SandboxError("sandbox_unavailable", "The code sandbox answered with something that is not JSON.");
    }
  }
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function stream(name: "stdout" | "stderr", text: string) {
  return { header: { msg_type: "stream" }, content: { name, text } };
}

/** v1 sends bare base64 PNG; v2 sends data URIs (§3.4). Bare data is sniffed. */
export function splitDataUri(image: string): { mediaType: "image/png" | "image/jpeg"; base64: string } {
  const match = /^data:(image\/(?:png|jpeg|jpg));base64,(.*)$/s.exec(image);
  const base64 = match ? match[2]! : image;
  return { mediaType: base64.startsWith("/9j/") ? "image/jpeg" : "image/png", base64 };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
