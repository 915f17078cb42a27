"use client";
// Follow one run live: an EventSource on the run's SSE route, folded into a trace with the same
// `applyEvent` the server uses. The browser reconnects by itself and resends Last-Event-ID, so a
// dropped connection resumes exactly where it stopped; a reload replays the run from the start.
import { useEffect, useReducer } from "react";
import { initialRunStream, reduceStream, type RunStream, type StreamMessage } from "./stream-state";

export function useRunEvents(runId: string | null | undefined, options: { eventsUrl?: string } = {}): RunStream {
  const url = options.eventsUrl ?? (runId ? `/api/v1/runs/${runId}/events` : null);
  const [keyed, dispatch] = useReducer(
    (
      current: { url: string | null; stream: RunStream },
      action: StreamMessage | { type: "reset"; url: string | null },
    ) =>
      action.type === "reset"
        ? { url: action.url, stream: initialRunStream() }
        : { url: current.url, stream: reduceStream(current.stream, action) },
    { url, stream: initialRunStream() },
  );

  useEffect(() => {
    // A different run starts from nothing: its seqs, summary and trace are its own.
    dispatch({ type: "reset", url });
    if (!url) return;
    const source = new EventSource(url);
    source.onopen = () => dispatch({ type: "open" });
    source.onmessage = (message: MessageEvent<string>) => dispatch({ type: "event", data: message.data });
    source.addEventListener("end", (message) => {
      dispatch({ type: "end", data: (message as MessageEvent<string>).data });
      source.close();
    });
    source.addEventListener("error", (event) => {
      // A named `event: error` from the server carries a sentence; a bare error is the connection.
      if (event instanceof MessageEvent && typeof event.data === "string") {
        let message = "The live trace stopped on the server.";
        try {
          message = (JSON.parse(event.data) as { message?: string }).message ?? message;
        } catch {
          // keep the generic sentence
        }
        dispatch({ type: "failed", message });
        source.close();
      } else if (source.readyState === EventSource.CLOSED) {
        dispatch({ type: "failed", message: "The live trace could not be opened. Reload the page to try again." });
      } else {
        dispatch({ type: "disconnected" });
      }
    });
    return () => source.close();
  }, [url]);

  // Until the reset lands, never show one run's stream under another's id.
  return keyed.url === url ? keyed.stream : initialRunStream();
}
