// An OpenAI-compatible mock of vLLM serving DeepEyesV2: GET /v1/models and POST
// /v1/chat/completions (streaming or not), chunked like vLLM, replaying scripts chosen by a
// `[[script:NAME]]` marker, honouring stop / include_stop_str_in_output / continue_final_message,
// failing on demand, and recording every request.
//
//   node --import tsx e2e/mocks/vllm/server.ts --port 8011 [--tps 50] [--api-key KEY]
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { pathToFileURL } from "node:url";
import { type ScriptStep, selectStep, SCRIPTS } from "./scripts";
import { validateChatRequest } from "./validate";

export interface MockVllmOptions {
  port?: number;
  host?: string;
  modelName?: string;
  apiKey?: string;
  /** Streaming speed; 0 (default) streams as fast as the socket allows. */
  tokensPerSecond?: number;
  maxModelLen?: number;
  maxImagesPerPrompt?: number;
  /** false emulates servers that drop the stop string even when asked to keep it (§7 #1). */
  honourIncludeStop?: boolean;
  /** Extra or replacement scripts. */
  scripts?: Record<string, ScriptStep[]>;
  /** Called after each content chunk is written (benchmarks measure chunk-to-viewer latency). */
  onChunk?: (chunk: {
    messages: { role: string; content: unknown }[];
    index: number;
    text: string;
    sentAt: number;
  }) => void;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown> | null;
}

export interface MockVllm {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startMockVllm(options: MockVllmOptions = {}): Promise<MockVllm> {
  const model = options.modelName ?? "DeepEyesV2_7B_1031";
  const limits = { maxModelLen: options.maxModelLen ?? 32768, maxImagesPerPrompt: options.maxImagesPerPrompt ?? 50 };
  const scripts = { ...SCRIPTS, ...options.scripts };
  const requests: RecordedRequest[] = [];
  /** Busy answers given so far, per distinct request (a retry is the same request again). */
  const busyAnswers = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        json(res, 500, { error: { message: String(error), type: "InternalServerError", param: null, code: 500 } });
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    let body: Record<string, unknown> | null = null;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`)
      return json(res, 401, { error: "Unauthorized" });
    if (req.method === "GET" && path === "/v1/models")
      return json(res, 200, {
        object: "list",
        data: [
          {
            id: model,
            object: "model",
            created: 0,
            owned_by: "vllm",
            root: model,
            parent: null,
            max_model_len: limits.maxModelLen,
          },
        ],
      });
    if (req.method !== "POST" || path !== "/v1/chat/completions") return json(res, 404, { detail: "Not Found" });
    if (!body) return errorJson(res, 400, "Invalid JSON body", "BadRequestError");
    if (body.model !== model)
      return errorJson(res, 404, `The model \`${String(body.model)}\` does not exist.`, "NotFoundError");
    const rejection = validateChatRequest(body, limits);
    if (rejection) return errorJson(res, rejection.status, rejection.message, rejection.type);

    const messages = body.messages as { role: string; content: unknown }[];
    const continuing = body.continue_final_message === true;
    const { step } = selectStep(messages, continuing, scripts);
    if (!step) return errorJson(res, 400, "The mock has no scripted reply for this call.", "BadRequestError");
    if (step.busy) {
      const key = createHash("sha256").update(JSON.stringify(body)).digest("hex");
      const answered = busyAnswers.get(key) ?? 0;
      if (answered < step.busy.times) {
        busyAnswers.set(key, answered + 1);
        const headers = step.busy.retryAfter ? { "retry-after": step.busy.retryAfter } : undefined;
        return step.busy.status === 429
          ? errorJson(res, 429, "Rate limit exceeded, try again later.", "RateLimitError", headers)
          : errorJson(
              res,
              503,
              "The server is overloaded: too many requests are waiting.",
              "ServiceUnavailableError",
              headers,
            );
      }
    }
    if (step.fault === "context_length")
      return errorJson(
        res,
        400,
        `This model's maximum context length is ${limits.maxModelLen} tokens. However, you requested ${limits.maxModelLen + 1000} tokens (${limits.maxModelLen - 100} in the messages, 1100 in the completion). Please reduce the length of the messages or completion.`,
        "BadRequestError",
      );
    if (step.fault === "too_many_images")
      return errorJson(res, 400, "At most 1 image(s) may be provided in one request.", "BadRequestError");
    if (step.fault === "server_error") return errorJson(res, 500, "CUDA out of memory", "InternalServerError");
    if (step.fault === "hang") return; // never answers; close() ends the socket

    const prefill = continuing ? textContent(messages.at(-1)?.content) : "";
    let text = step.text ?? "";
    if (prefill && text.startsWith(prefill)) text = text.slice(prefill.length);
    const stop = typeof body.stop === "string" ? [body.stop] : ((body.stop as string[] | undefined) ?? []);
    const keep = body.include_stop_str_in_output === true && options.honourIncludeStop !== false;
    const cut = applyStop(text, stop, keep);
    const finishReason = step.fault === "abort" ? "abort" : (step.finishReason ?? "stop");
    const stopReason = finishReason === "stop" ? cut.stopReason : null;
    const usage = {
      prompt_tokens: 100,
      completion_tokens: tokens(cut.text).length,
      total_tokens: 100 + tokens(cut.text).length,
    };
    const id = `chatcmpl-${randomUUID().replaceAll("-", "")}`;
    const created = Math.floor(Date.now() / 1000);

    if (body.stream !== true)
      return json(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: cut.text },
            logprobs: null,
            finish_reason: finishReason,
            stop_reason: stopReason,
          },
        ],
        usage,
      });

    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    const send = (choice: Record<string, unknown>) =>
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, logprobs: null, finish_reason: null, ...choice }] })}\n\n`,
      );
    send({ delta: { role: "assistant", content: "" } });
    const pieces = tokens(cut.text);
    const delay = options.tokensPerSecond ? 1000 / options.tokensPerSecond : 0;
    const stopAt = step.fault === "drop" ? Math.ceil(pieces.length / 2) : pieces.length;
    for (let i = 0; i < stopAt; i++) {
      await sleep(delay);
      if (res.destroyed) return;
      send({ delta: { content: pieces[i] } });
      options.onChunk?.({ messages, index: i, text: pieces[i]!, sentAt: performance.now() + performance.timeOrigin });
    }
    if (step.fault === "drop") return void res.socket?.destroy();
    if (step.fault === "stream_error") {
      // vLLM reports an engine failure after the headers as an error object in the stream.
      res.write(
        `data: ${JSON.stringify({ error: { message: "EngineCore encountered an issue.", type: "InternalServerError", param: null, code: 500 } })}\n\n`,
      );
      return void res.end("data: [DONE]\n\n");
    }
    if (step.fault === "stall") return; // headers and some text, then silence
    send({ delta: { content: "" }, finish_reason: finishReason, stop_reason: stopReason });
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage)
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`,
      );
    res.end("data: [DONE]\n\n");
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** vLLM stop handling: cut at the earliest stop string; keep it only when asked. */
export function applyStop(text: string, stop: string[], keep: boolean): { text: string; stopReason: string | null } {
  let best: { at: number; s: string } | null = null;
  for (const s of stop) {
    const at = text.indexOf(s);
    if (at !== -1 && (!best || at < best.at)) best = { at, s };
  }
  if (!best) return { text, stopReason: null };
  return { text: text.slice(0, best.at) + (keep ? best.s : ""), stopReason: best.s };
}

/** Token-like pieces (whitespace runs and up to 4 non-space code points), so tags split across chunks. */
export function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]{1,4}/gu) ?? [];
}

function textContent(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content.map((p: { type?: string; text?: string }) => (p.type === "text" ? (p.text ?? "") : "")).join("");
  return "";
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function errorJson(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  headers?: Record<string, string>,
) {
  json(res, status, { error: { message, type, param: null, code: status } }, headers);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number) {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : new Promise((r) => setImmediate(r));
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const mock = await startMockVllm({
    port: Number(arg("port") ?? 8011),
    host: arg("host"),
    tokensPerSecond: arg("tps") ? Number(arg("tps")) : undefined,
    apiKey: arg("api-key"),
    modelName: arg("model"),
    maxImagesPerPrompt: arg("max-images") ? Number(arg("max-images")) : undefined,
    maxModelLen: arg("max-model-len") ? Number(arg("max-model-len")) : undefined,
  });
  console.log(`mock vLLM listening on ${mock.url} (scripts: ${Object.keys(SCRIPTS).join(", ")})`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
