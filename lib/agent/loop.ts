// One question, start to finish: call the model, stream its text as trace events, run the tool it
// asks for, feed the observation back, until an answer, a stop or a limit (PROTOCOL §2.11).
// No I/O of its own: model, sandbox, search, images and blobs are ports.
import { TRACE_VERSION, type ChatMessage, type TraceEventBody, type TurnStatus } from "@/lib/trace/events";
import { BUSY_RETRY, busyRetryDelay, parseRetryAfter, type Clock } from "./backoff";
import { completionBudget, countImages, DEFAULT_LIMITS, DEFAULT_OPTIONS } from "./budget";
import { describeModelError } from "./model-errors";
import type { BlobPort, ImagePort, ModelPort, ModelRequest, ModelStreamItem, SandboxPort, SearchPort } from "./ports";
import type { Limits, LoopOptions, ModelProfile, ToolContext, TurnImage } from "./profile";
import { type Segment, StreamParser } from "./stream-parser";

export interface RunTurnInput {
  profile: ModelProfile;
  /** The conversation's sandbox session (one kernel per conversation). */
  sessionId: string;
  /** The new question, or null to continue an interrupted turn from `history`. */
  question: string | null;
  /** Images attached to this question; they become image_{N+1}… after `priorImages`. */
  images?: TurnImage[];
  /** Input images of earlier questions in the conversation, in order. */
  priorImages?: TurnImage[];
  /** Earlier messages (system first), e.g. from `messagesFromEvents`. */
  history?: ChatMessage[];
  /** When continuing: calls already used by the interrupted turn and whether an observation came last. */
  resume?: { callsUsed: number; afterObservation: boolean };
  model: ModelPort;
  sandbox: SandboxPort;
  search: SearchPort;
  blobs: BlobPort;
  imagePort: ImagePort;
  /** Time and sleep for retrying a busy model server (`systemClock` from lib/runs). */
  clock: Clock;
  signal?: AbortSignal;
  limits?: Partial<Limits>;
  options?: Partial<LoopOptions>;
}

export interface TurnOutcome {
  status: TurnStatus;
  answer?: string;
  calls: number;
  /** The conversation's messages after this turn, ready to pass as `history` for a follow-up. */
  messages: ChatMessage[];
}

const SPECIAL_TAIL = /(<\|im_end\|>|<\|endoftext\|>)+\s*$/;

export async function* runTurn(input: RunTurnInput): AsyncGenerator<TraceEventBody, TurnOutcome> {
  const { profile, signal } = input;
  const limits: Limits = { ...DEFAULT_LIMITS, ...profile.limits, ...input.limits };
  const options: LoopOptions = { ...DEFAULT_OPTIONS, ...input.options };
  const caps = input.search.capabilities;
  const images = input.images ?? [];
  const conversationImages = [...(input.priorImages ?? []), ...images];
  const messages: ChatMessage[] = [...(input.history ?? [])];
  const appended: ChatMessage[] = [];
  if (input.question !== null) {
    if (messages.length === 0) appended.push({ role: "system", content: profile.systemPrompt(caps) });
    appended.push({ role: "user", content: profile.userContent(input.question, images.map(toRef), caps) });
  }
  messages.push(...appended);
  yield {
    type: "turn_started",
    version: TRACE_VERSION,
    profile: profile.id,
    question: input.question,
    images: images.map(toRef),
    messages: appended,
  };

  let calls = input.resume?.callsUsed ?? 0;
  let afterObservation = input.resume?.afterObservation ?? false;
  const finish = (status: TurnStatus, answer?: string): [TraceEventBody, TurnOutcome] => [
    { type: "turn_finished", status, calls, answer },
    { status, answer, calls, messages },
  ];

  try {
    for (;;) {
      if (signal?.aborted) return yield* end(finish("cancelled"));
      if (calls >= limits.maxCalls) return yield* end(finish("limit"));
      calls++;
      const prefill = afterObservation && options.prefill && profile.prefill ? profile.prefill : "";
      const requestMessages: ChatMessage[] = prefill
        ? [...messages, { role: "assistant", content: prefill }]
        : messages;
      const maxTokens = completionBudget(requestMessages, limits);
      if (maxTokens < limits.minCompletionTokens) {
        yield {
          type: "error",
          call: calls,
          code: "context_exhausted",
          message: `The conversation has used up the model's ${limits.contextLength}-token context; start a new conversation to go on.`,
        };
        return yield* end(finish("limit"));
      }
      const request: ModelRequest = {
        messages: requestMessages,
        maxTokens,
        ...profile.sampling,
        continueFinalMessage: prefill !== "",
      };
      const result = yield* streamCall(request, calls, prefill, input.model, limits, input.clock, signal);
      if (result.kind === "failed") {
        if (signal?.aborted) return yield* end(finish("cancelled"));
        yield { type: "error", call: calls, code: result.code, message: result.message };
        return yield* end(finish("failed"));
      }
      const { text, finishReason } = result;
      messages.push({ role: "assistant", content: text });
      if (finishReason === "length") return yield* end(finish("truncated"));

      const decision = profile.decide(text, options);
      if (decision.kind === "answer") {
        yield { type: "answer", call: calls, text: decision.text, tagged: decision.tagged };
        return yield* end(finish("completed", decision.text));
      }
      if (decision.kind === "stop") {
        yield { type: "format_problem", call: calls, code: decision.problem, message: decision.message };
        return yield* end(finish("no_answer"));
      }
      const ctx: ToolContext = {
        call: calls,
        sessionId: input.sessionId,
        sandbox: input.sandbox,
        search: input.search,
        blobs: input.blobs,
        images: input.imagePort,
        conversationImages,
        primaryImage: images[0] ?? conversationImages.at(-1),
        messages,
        imageBudget: Math.max(
          0,
          Math.min(limits.maxImagesPerObservation, limits.maxImagesPerTrajectory - countImages(messages)),
        ),
        limits,
        options,
        signal,
      };
      const acted = yield* profile.act(decision, ctx);
      if (acted.kind === "stop") {
        yield { type: "error", call: calls, ...acted.error };
        return yield* end(finish(acted.status));
      }
      const message: ChatMessage = { role: "user", content: acted.content };
      messages.push(message);
      yield { type: "observation", call: calls, observation: acted.observation, message };
      afterObservation = true;
    }
  } catch (error) {
    if (signal?.aborted) return yield* end(finish("cancelled"));
    const message = error instanceof Error ? error.message : String(error);
    yield {
      type: "error",
      call: calls || undefined,
      code: "internal",
      message: `The turn stopped on an unexpected error: ${message}`,
    };
    return yield* end(finish("failed"));
  }
}

function* end([event, outcome]: [TraceEventBody, TurnOutcome]): Generator<TraceEventBody, TurnOutcome> {
  yield event;
  return outcome;
}

type CallResult =
  | { kind: "ok"; text: string; finishReason: string }
  | { kind: "failed"; code: Extract<TraceEventBody, { type: "error" }>["code"]; message: string };

/**
 * One model call, streamed. Before any token arrived, a busy server (429, 503) is tried again, at
 * most 3 tries within 30 s at the pace its Retry-After asks (backoff.ts), and a 400 for context
 * length once with the room the server reported (documented); nothing else is retried.
 */
async function* streamCall(
  request: ModelRequest,
  call: number,
  prefill: string,
  model: ModelPort,
  limits: Limits,
  clock: Clock,
  signal: AbortSignal | undefined,
): AsyncGenerator<TraceEventBody, CallResult> {
  let req = request;
  let shrunk = false;
  let busyTries = 0;
  const firstTryAt = clock.now();
  for (;;) {
    yield { type: "model_call_started", call, prefill, maxTokens: req.maxTokens };
    const parser = new StreamParser();
    parser.push(prefill);
    let generated = "";
    let finished: Extract<ModelStreamItem, { finish: unknown }>["finish"] | undefined;
    try {
      for await (const item of model.stream(req, signal)) {
        if ("delta" in item) {
          generated += item.delta;
          for (const event of segmentEvents(parser.push(item.delta), call)) yield event;
        } else {
          finished = item.finish;
        }
      }
    } catch (error) {
      const failure = describeModelError(error);
      const room = failure.contextLength && failure.promptTokens ? failure.contextLength - failure.promptTokens : 0;
      if (failure.code === "model_busy" && generated === "" && !signal?.aborted) {
        busyTries++;
        const now = clock.now();
        const waitMs = busyRetryDelay({
          failedTries: busyTries,
          firstTryAt,
          now,
          retryAfterMs: parseRetryAfter(failure.retryAfter, now),
          random: () => clock.random(),
        });
        if (waitMs === null)
          return {
            kind: "failed",
            code: failure.code,
            message: `${failure.message} It was tried ${busyTries} time${busyTries === 1 ? "" : "s"}; try again in a moment.`,
          };
        yield {
          type: "model_retry",
          call,
          attempt: busyTries + 1,
          maxTries: BUSY_RETRY.maxTries,
          waitMs,
          ...(failure.status ? { status: failure.status } : {}),
          message: `Model busy, retrying in ${seconds(waitMs)} (attempt ${busyTries + 1} of ${BUSY_RETRY.maxTries})${failure.status ? `: the model server answered HTTP ${failure.status}` : ""}.`,
        };
        await clock.sleep(waitMs, signal);
        if (signal?.aborted) return { kind: "failed", code: "model_aborted", message: "The request was cancelled." };
        continue;
      }
      if (
        failure.code === "model_context_length" &&
        !shrunk &&
        generated === "" &&
        room >= limits.minCompletionTokens &&
        room < req.maxTokens
      ) {
        req = { ...req, maxTokens: room };
        shrunk = true;
        continue;
      }
      return { kind: "failed", code: failure.code, message: failure.message };
    }
    if (!finished)
      return {
        kind: "failed",
        code: "model_stream_dropped",
        message: "The model's stream ended without a finish reason; the answer may be incomplete.",
      };
    if (finished.finishReason === "abort")
      return {
        kind: "failed",
        code: "model_aborted",
        message:
          'The model server aborted the generation (finish_reason "abort"), usually because it was restarted or overloaded.',
      };

    let text = (prefill + generated).replace(SPECIAL_TAIL, "");
    const stop = finished.stopReason;
    // Servers that ignore include_stop_str_in_output drop the stop string: put it back (§7 #1, #2).
    if (
      req.includeStopStrInOutput &&
      finished.finishReason === "stop" &&
      stop &&
      req.stop.includes(stop) &&
      !text.endsWith(stop)
    ) {
      text += stop;
      yield* segmentEvents(parser.push(stop), call);
    }
    yield* segmentEvents(parser.end(), call);
    yield {
      type: "model_call_finished",
      call,
      text,
      finishReason: finished.finishReason,
      stopReason: stop,
      usage: finished.usage,
    };
    return { kind: "ok", text, finishReason: finished.finishReason };
  }
}

// Iterated with for…of, not yield*: delegating to a sync generator from an async one wraps every
// step in extra promises, and this runs once per token.
function* segmentEvents(segments: Segment[], call: number): Generator<TraceEventBody> {
  for (const s of segments) {
    if (s.kind === "thought") yield { type: "thought_delta", call, text: s.text };
    else if (s.kind === "code") yield { type: "code_delta", call, text: s.text };
    else if (s.kind === "answer") yield { type: "answer_delta", call, text: s.text };
  }
}

/** "2 s", "1.5 s", "800 ms": a wait as a person reads it. */
function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

function toRef(image: TurnImage) {
  return { key: image.key, width: image.width, height: image.height, mediaType: image.mediaType };
}
