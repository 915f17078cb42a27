// A fake of DeepEyesV2's jupyter_sandbox HTTP API (PROTOCOL §3.2) for the adapter's tests and
// e2e runs: real HTTP, the reference's request coercion and quirks, scripted cell outputs.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SandboxRequest {
  route: string;
  session_id: string;
  code: string;
  timeout: number;
}

/** `output` as the reference returns it: an object, or a string on errors. */
export type ScriptedReply =
  { output: unknown; status: string; execution_time?: number } | { httpStatus: number; body: string };

export interface FakeJupyterSandbox {
  url: string;
  requests: SandboxRequest[];
  /** Replies for the next cells, in order; afterwards each cell succeeds with empty output. */
  enqueue(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export function successReply(output: {
  stdout?: string;
  stderr?: string;
  images?: string[];
  result?: string;
}): ScriptedReply {
  return {
    output: {
      result: output.result ?? "None",
      stdout: output.stdout ?? "",
      stderr: output.stderr ?? "",
      images: output.images ?? [],
      debug_info: { msg: "" },
    },
    status: "success",
    execution_time: 0.05,
  };
}

export async function startFakeJupyterSandbox(port = 0): Promise<FakeJupyterSandbox> {
  const requests: SandboxRequest[] = [];
  const queue: ScriptedReply[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = parse(Buffer.concat(chunks).toString());
      const route = req.url ?? "/";
      // The reference coerces with str()/float() and has these defaults.
      const request = {
        route,
        session_id: body.session_id === undefined ? "JupyterSandboxDefault" : pyStr(body.session_id),
        code: body.code === undefined ? "" : pyStr(body.code),
        timeout: Number(body.timeout ?? 5.0),
      };
      if (req.method !== "POST") return send(res, 405, { detail: "Method Not Allowed" });
      if (route === "/clear_session") {
        requests.push(request);
        return send(res, 200, { status: "success" });
      }
      if (route !== "/jupyter_sandbox") return send(res, 404, { detail: "Not Found" });
      requests.push(request);
      if (!request.code.trim())
        return send(res, 200, { output: "Error: No code provided", status: "error", execution_time: 0.0 });
      const reply = queue.shift() ?? successReply({});
      if ("httpStatus" in reply) {
        res.writeHead(reply.httpStatus, { "content-type": "text/plain" });
        return res.end(reply.body);
      }
      send(res, 200, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Python's str() of a JSON value, for the fields the reference coerces. */
function pyStr(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
