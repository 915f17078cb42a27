// Server-Sent Events from an async generator of trace event batches, one write per batch: `id:` is
// the event's seq, so a browser's EventSource resumes with Last-Event-ID after a reconnect; a
// comment every 15 s keeps proxies from closing an idle stream; an `end` event says the run is over.
import "server-only";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/server/log";
import { asAppError } from "./respond";
import type { TraceEvent } from "@/lib/trace";

export interface SseOptions {
  heartbeatMs?: number;
  /** Sent as `event: end` when the generator finishes. */
  end?: () => Promise<unknown>;
  /** Aborted when the client goes away; the generator must watch it. */
  abort: AbortController;
}

const encoder = new TextEncoder();

export function sseResponse(events: AsyncGenerator<readonly TraceEvent[], void>, options: SseOptions): Response {
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          options.abort.abort(); // the client is gone
        }
      };
      send("retry: 2000\n\n");
      heartbeat = setInterval(() => send(": keep-alive\n\n"), options.heartbeatMs ?? 15_000);
      try {
        for await (const batch of events) {
          let text = "";
          for (const event of batch) text += `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
          send(text);
        }
        if (!options.abort.signal.aborted && options.end)
          send(`event: end\ndata: ${JSON.stringify(await options.end())}\n\n`);
      } catch (error) {
        // The same code and sentence a route would answer with (a database outage is
        // unavailable:database); a query's own message never reaches the viewer.
        const { code, message } = errorResponseBody(error);
        send(`event: error\ndata: ${JSON.stringify({ code, message })}\n\n`);
      } finally {
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      }
    },
    cancel() {
      clearInterval(heartbeat);
      options.abort.abort();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

function errorResponseBody(error: unknown): { code: string; message: string } {
  const appError = asAppError(error);
  if (appError.kind === "internal") log.error("the event stream failed", error);
  return { code: appError.code, message: appError.message };
}

/**
 * Where to resume: the Last-Event-ID header (browser reconnects; a header it cannot use replays
 * from the start) or `?after=` (first connect; a value that is not an event id is refused).
 */
export function resumePoint(request: Request): number {
  const header = request.headers.get("last-event-id");
  if (header !== null) return /^\d{1,9}$/.test(header.trim()) ? Number(header.trim()) : 0;
  const after = new URL(request.url).searchParams.get("after");
  if (after === null) return 0;
  if (!/^\d{1,9}$/.test(after.trim()))
    throw new AppError("unprocessable:after", "after: must be the id of an event (a whole number from 0).");
  return Number(after.trim());
}
