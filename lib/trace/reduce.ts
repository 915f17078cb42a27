// Pure reducer from events to the trace state. The live view folds events in with `applyEvent`;
// the share page calls `reduceTrace` on the stored list. Both end in the same state.
import { TRACE_VERSION, type TraceEvent, type TraceEventBody } from "./events";
import type { TraceState, TraceStep, TurnTrace } from "./state";

export function emptyTrace(): TraceState {
  return { version: TRACE_VERSION, turns: [], lastSeq: -1 };
}

export function reduceTrace(events: readonly (TraceEvent | TraceEventBody)[]): TraceState {
  let state = emptyTrace();
  for (const event of events) state = applyEvent(state, event);
  return state;
}

/** Returns a new state; untouched turns and steps keep their identity (cheap React re-renders). */
export function applyEvent(state: TraceState, event: TraceEvent | TraceEventBody): TraceState {
  const lastSeq = "seq" in event ? event.seq : state.lastSeq;
  const current = state.turns.at(-1);
  // A run continued from its last completed step replays the turn so far, then starts again with
  // no question of its own: the same turn goes on (its earlier steps stay), not a new one.
  if (event.type === "turn_started" && event.question === null && current) {
    const resumed: TurnTrace = { ...stopUnfinished(current), status: "running" };
    return { ...state, version: event.version, turns: [...state.turns.slice(0, -1), resumed], lastSeq };
  }
  if (event.type === "turn_started") {
    const turn: TurnTrace = {
      index: state.turns.length,
      profile: event.profile,
      question: event.question,
      images: event.images,
      status: "running",
      calls: 0,
      steps: [],
      usage: { promptTokens: 0, completionTokens: 0 },
    };
    return { ...state, version: event.version, turns: [...state.turns, turn], lastSeq };
  }
  // An event before any turn_started (a truncated log) is ignored rather than invented.
  if (!current) return { ...state, lastSeq };
  const turn = applyToTurn(current, event);
  return { ...state, turns: [...state.turns.slice(0, -1), turn], lastSeq };
}

function applyToTurn(turn: TurnTrace, event: TraceEventBody): TurnTrace {
  switch (event.type) {
    case "model_call_started":
      return { ...settle(turn), calls: Math.max(turn.calls, event.call) };
    case "thought_delta":
      return appendText(turn, "thought", event.call, event.text);
    case "code_delta":
      return appendText(turn, "code", event.call, event.text);
    case "answer_delta":
      return appendText(turn, "answer", event.call, event.text);
    case "model_call_finished":
      return event.usage
        ? {
            ...turn,
            usage: {
              promptTokens: turn.usage.promptTokens + event.usage.promptTokens,
              completionTokens: turn.usage.completionTokens + event.usage.completionTokens,
            },
          }
        : turn;
    case "code_final":
      return updateLast(
        turn,
        "code",
        event.call,
        (s) => ({ ...s, code: event.code, status: "ready" }),
        () => ({
          kind: "code",
          source: event.code,
          code: event.code,
          status: "ready",
          call: event.call,
        }),
      );
    case "tool_call":
      return addToolStep(turn, event.call, event.name, event.arguments);
    case "tool_started":
      return event.tool === "python"
        ? updateLast(turn, "code", event.call, (s) => ({ ...s, status: "running" }))
        : turn;
    case "observation":
      return applyObservation(turn, event);
    case "answer":
      return updateLast(
        turn,
        "answer",
        event.call,
        (s) => ({ ...s, text: event.text, final: true, tagged: event.tagged }),
        () => ({ kind: "answer", text: event.text, final: true, tagged: event.tagged, call: event.call }),
      );
    case "model_retry":
      return push(turn, {
        kind: "error",
        severity: "warning",
        code: "model_busy",
        message: event.message,
        call: event.call,
      });
    case "format_problem":
      return push(turn, {
        kind: "error",
        severity: "warning",
        code: event.code,
        message: event.message,
        call: event.call,
      });
    case "error":
      return push(turn, {
        kind: "error",
        severity: "error",
        code: event.code,
        message: event.message,
        call: event.call,
      });
    case "turn_finished":
      return { ...stopUnfinished(turn), status: event.status, calls: event.calls, answer: event.answer };
    default:
      return turn;
  }
}

type StepDraft = TraceStep extends infer S ? (S extends TraceStep ? Omit<S, "id"> : never) : never;

function push(turn: TurnTrace, draft: StepDraft): TurnTrace {
  const step: TraceStep = { ...draft, id: `${turn.index}:${turn.steps.length}` };
  return { ...turn, steps: [...turn.steps, step] };
}

function replaceAt(turn: TurnTrace, index: number, step: TraceStep): TurnTrace {
  const steps = turn.steps.slice();
  steps[index] = step;
  return { ...turn, steps };
}

/** Appends a delta to the last step if it is the same kind from the same call, else opens one. */
function appendText(turn: TurnTrace, kind: "thought" | "code" | "answer", call: number, text: string): TurnTrace {
  const last = turn.steps.at(-1);
  if (last && last.kind === kind && last.call === call && !(last.kind === "code" && last.status !== "streaming")) {
    if (last.kind === "code") return replaceAt(turn, turn.steps.length - 1, { ...last, source: last.source + text });
    if (last.kind === "thought" || last.kind === "answer")
      return replaceAt(turn, turn.steps.length - 1, { ...last, text: last.text + text });
  }
  if (kind === "code") return push(turn, { kind, source: text, status: "streaming", call });
  if (kind === "answer") return push(turn, { kind, text, final: false, tagged: true, call });
  return push(turn, { kind, text, call });
}

function updateLast<K extends TraceStep["kind"]>(
  turn: TurnTrace,
  kind: K,
  call: number,
  update: (step: Extract<TraceStep, { kind: K }>) => Extract<TraceStep, { kind: K }>,
  create?: () => StepDraft,
): TurnTrace {
  for (let i = turn.steps.length - 1; i >= 0; i--) {
    const step = turn.steps[i];
    if (step && step.kind === kind && step.call === call)
      return replaceAt(turn, i, update(step as Extract<TraceStep, { kind: K }>));
  }
  return create ? push(turn, create()) : turn;
}

/** Code blocks still streaming when a later call starts (or the turn ends) were never run. */
function settle(turn: TurnTrace): TurnTrace {
  if (!turn.steps.some((s) => s.kind === "code" && s.status === "streaming")) return turn;
  return {
    ...turn,
    steps: turn.steps.map((s) => (s.kind === "code" && s.status === "streaming" ? { ...s, status: "skipped" } : s)),
  };
}

/**
 * The steps a stopped turn (finished, failed, cancelled, or continued by another run) left going:
 * code that never ran to its end is skipped, a tool call that never answered failed. Without this
 * they showed as running for ever.
 */
function stopUnfinished(turn: TurnTrace): TurnTrace {
  const unfinished = (s: TraceStep) =>
    s.kind === "code" ? s.status !== "done" && s.status !== "skipped" : "status" in s && s.status === "running";
  if (!turn.steps.some(unfinished)) return turn;
  return {
    ...turn,
    steps: turn.steps.map((s): TraceStep => {
      if (!unfinished(s)) return s;
      return s.kind === "code" ? { ...s, status: "skipped" } : ({ ...s, status: "error" } as TraceStep);
    }),
  };
}

function addToolStep(turn: TurnTrace, call: number, name: string, args: unknown): TurnTrace {
  if (name === "image_search") return push(turn, { kind: "image_search", status: "running", call });
  if (name === "image_zoom_in_tool") return push(turn, { kind: "zoom", status: "running", call });
  if (name === "search") return push(turn, { kind: "search", queries: queriesOf(args), status: "running", call });
  // An unknown tool gets no step of its own; its error observation becomes a warning.
  return turn;
}

function queriesOf(args: unknown): string[] {
  if (typeof args !== "object" || args === null) return [];
  const query = (args as { query?: unknown }).query;
  if (typeof query === "string") return [query];
  if (Array.isArray(query)) return query.filter((q): q is string => typeof q === "string");
  return [];
}

function applyObservation(turn: TurnTrace, event: Extract<TraceEventBody, { type: "observation" }>): TurnTrace {
  const { observation: obs, call } = event;
  switch (obs.tool) {
    case "python":
      return updateLast(turn, "code", call, (s) => ({ ...s, status: "done", result: obs.result }));
    case "search":
      return updateLast(turn, "search", call, (s) => ({ ...s, status: "done", queries: obs.queries, hits: obs.hits }));
    case "image_search":
      return updateLast(turn, "image_search", call, (s) => ({
        ...s,
        status: "done",
        hits: obs.hits,
        reused: obs.reused,
      }));
    case "zoom":
      return updateLast(turn, "zoom", call, (s) => ({
        ...s,
        status: "done",
        box: obs.box,
        source: obs.source,
        image: obs.image,
      }));
    case "error": {
      const last = turn.steps.at(-1);
      if (
        last &&
        last.call === call &&
        (last.kind === "search" || last.kind === "image_search" || last.kind === "zoom")
      )
        return replaceAt(turn, turn.steps.length - 1, { ...last, status: "error", error: obs.detail ?? obs.text });
      return push(turn, {
        kind: "error",
        severity: "warning",
        code: "invalid_tool_call",
        message: obs.detail ?? obs.text,
        call,
      });
    }
  }
}
