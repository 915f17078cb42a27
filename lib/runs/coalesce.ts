// Streaming deltas are stored merged: consecutive text deltas of one kind and model call become
// one row, so a turn is a few dozen rows rather than one per token. Live viewers still get every
// delta with its own `seq`; a merged row remembers the seq range and where each delta ended, so
// a viewer resuming in the middle of a merged row is sent only the part it has not seen.
import type { TraceEvent } from "@/lib/trace";

type DeltaEvent = Extract<TraceEvent, { type: "thought_delta" | "code_delta" | "answer_delta" }>;

/** A stored event: either a plain event or a merged delta with its seq range and split points. */
export type StoredEvent = TraceEvent & { seqFrom?: number; splits?: number[] };

export function isDelta(event: TraceEvent): event is DeltaEvent {
  return event.type === "thought_delta" || event.type === "code_delta" || event.type === "answer_delta";
}

/** Merge runs of consecutive deltas (same type, same call, consecutive seqs) into stored rows. */
export function coalesce(events: readonly TraceEvent[]): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (
      last &&
      isDelta(event) &&
      isDelta(last) &&
      last.type === event.type &&
      last.call === event.call &&
      last.seq + 1 === event.seq
    ) {
      const splits = last.splits ?? [last.text.length];
      const merged: StoredEvent = {
        ...last,
        text: last.text + event.text,
        seq: event.seq,
        at: event.at,
        seqFrom: last.seqFrom ?? last.seq,
        splits: [...splits, last.text.length + event.text.length],
      };
      out[out.length - 1] = merged;
    } else {
      out.push(event);
    }
  }
  return out;
}

/** The events a viewer who has seen everything up to `afterSeq` still needs, from stored rows. */
export function replayAfter(rows: readonly StoredEvent[], afterSeq: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const row of rows) {
    if (row.seq <= afterSeq) continue;
    const { seqFrom, splits, ...event } = row;
    if (seqFrom !== undefined && splits && seqFrom <= afterSeq && isDelta(event)) {
      const seen = afterSeq - seqFrom + 1; // deltas of this row already delivered
      const cut = splits[seen - 1] ?? 0;
      out.push({ ...event, text: event.text.slice(cut) });
    } else {
      out.push(event);
    }
  }
  return out;
}
