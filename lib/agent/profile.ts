// A model profile: the data and small adapter that make one model's protocol. The loop calls only
// these members, so adding a profile never touches the loop.
import type {
  ChatMessage,
  ContentPart,
  ImageRef,
  Observation,
  TraceErrorCode,
  TraceEventBody,
  TurnStatus,
} from "@/lib/trace/events";
import type { Decision } from "./decide";
import type { BlobPort, ImagePort, SandboxPort, SearchPort } from "./ports";

/** An input image: its stored ref plus the exact PNG bytes the model sees. */
export interface TurnImage extends ImageRef {
  data: Uint8Array;
}

export interface Limits {
  /** Model calls per question (RL: 9). */
  maxCalls: number;
  /** `max_tokens` per call before clamping to the remaining context. */
  maxTokens: number;
  /** The server's context length (`--max-model-len`). */
  contextLength: number;
  /** Below this many tokens of room, the turn ends instead of calling the model. */
  minCompletionTokens: number;
  maxImagesPerObservation: number;
  maxImagesPerTrajectory: number;
  /** stdout and stderr are each cut to this many characters (head and tail kept) before the model sees them. */
  maxOutputChars: number;
}

export interface LoopOptions {
  /** RL-exact `<think>` prefill on later calls; turn off for servers that reject `continue_final_message`. */
  prefill: boolean;
  /** Run `<code>` bodies without a ```python fence (EVAL) instead of ending the turn (RL). */
  lenientCode: boolean;
}

export interface ToolContext {
  call: number;
  sessionId: string;
  sandbox: SandboxPort;
  search: SearchPort;
  blobs: BlobPort;
  images: ImagePort;
  /** Every input image of the conversation, in order: `image_1..image_N`. */
  conversationImages: TurnImage[];
  /** The image tools act on: this question's first image, else the conversation's latest. */
  primaryImage?: TurnImage;
  messages: readonly ChatMessage[];
  /** Images the next observation may still carry (per-observation and per-trajectory caps). */
  imageBudget: number;
  limits: Limits;
  options: LoopOptions;
  signal?: AbortSignal;
}

export type ActionResult =
  | { kind: "observation"; observation: Observation; content: ContentPart[] }
  | { kind: "stop"; status: TurnStatus; error: { code: TraceErrorCode; message: string } };

export type ActionEvents = AsyncGenerator<TraceEventBody, ActionResult>;

export interface ModelProfile {
  id: string;
  label: string;
  limits: Pick<Limits, "maxCalls" | "maxTokens">;
  sampling: {
    temperature: number;
    topP: number;
    topK: number;
    repetitionPenalty: number;
    stop: string[];
    includeStopStrInOutput: boolean;
  };
  /** The prefill for calls after an observation, or null for none. */
  prefill: string | null;
  systemPrompt(capabilities: { text: boolean; image: boolean }): string;
  userContent(question: string, images: ImageRef[], capabilities: { text: boolean; image: boolean }): ContentPart[];
  decide(text: string, options: LoopOptions): Decision;
  /** Runs a code or tool-call decision, yielding progress events, returning the observation. */
  act(decision: Extract<Decision, { kind: "code" | "tool_call" }>, ctx: ToolContext): ActionEvents;
}
