// The pure half of following a run live: fold SSE messages into a trace, ignoring events already
// applied (a reconnect replays from Last-Event-ID, and a replay may overlap what we hold).
import { applyEvent, emptyTrace, type TraceEvent, type TraceState } from "@/lib/trace";
import type { RunSummary } from "./api";

export type StreamPhase = "connecting" | "live" | "reconnecting" | "ended" | "failed";

export interface RunStream {
  trace: TraceState;
  phase: StreamPhase;
  /** The run summary sent with `event: end`. */
  summary?: RunSummary;
  /** A sentence when the stream failed for good. */
  error?: string;
}

export const initialRunStream = (): RunStream => ({ trace: emptyTrace(), phase: "connecting" });

export type StreamMessage =
  | { type: "open" }
  | { type: "event"; data: string }
  | { type: "end"; data: string }
  | { type: "disconnected" }
  | { type: "failed"; message: string };

export function parseTraceEvent(data: string): TraceEvent | null {
  try {
    const value = JSON.parse(data) as Partial<TraceEvent>;
    return typeof value === "object" &&
      value !== null &&
      typeof value.type === "string" &&
      typeof value.seq === "number"
      ? (value as TraceEvent)
      : null;
  } catch {
    return null;
  }
}

export function reduceStream(state: RunStream, message: StreamMessage): RunStream {
  switch (message.type) {
    case "open":
      return state.phase === "ended" ? state : { ...state, phase: "live" };
    case "event": {
      const event = parseTraceEvent(message.data);
      if (!event || event.seq <= state.trace.lastSeq) return state;
      return { ...state, trace: applyEvent(state.trace, event) };
    }
    case "end": {
      let summary: RunSummary | undefined;
      try {
        summary = JSON.parse(message.data) as RunSummary;
      } catch {
        summary = undefined;
      }
      return { ...state, phase: "ended", summary };
    }
    case "disconnected":
      return state.phase === "ended" || state.phase === "failed" ? state : { ...state, phase: "reconnecting" };
    case "failed":
      return { ...state, phase: "failed", error: message.message };
  }
}
