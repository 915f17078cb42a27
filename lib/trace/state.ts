// The trace as a renderer sees it: turns made of steps, each step a `kind` a component table maps
// to a React component. Built only by `reduceTrace`/`applyEvent`.
import type {
  CodeOutcome,
  FormatProblemCode,
  ImageRef,
  ImageSearchHitRef,
  SearchHitRef,
  TraceErrorCode,
  TurnStatus,
  Usage,
} from "./events";

interface StepBase {
  /** Stable within a trace: `${turn}:${index}`; usable as a React key. */
  id: string;
  /** 1-based model call that produced the step. */
  call?: number;
}

export interface ThoughtStep extends StepBase {
  kind: "thought";
  text: string;
}

export interface CodeStep extends StepBase {
  kind: "code";
  /** The `<code>` body as streamed (fence included). */
  source: string;
  /** The code actually run, once known. */
  code?: string;
  /** streaming → ready (parsed) → running → done; `skipped` when the block was never run. */
  status: "streaming" | "ready" | "running" | "done" | "skipped";
  result?: CodeOutcome;
}

export interface SearchStep extends StepBase {
  kind: "search";
  queries: string[];
  status: "running" | "done" | "error";
  hits?: SearchHitRef[][];
  /** The error observation the model received, when the call failed. */
  error?: string;
}

export interface ImageSearchStep extends StepBase {
  kind: "image_search";
  status: "running" | "done" | "error";
  hits?: ImageSearchHitRef[];
  reused?: boolean;
  error?: string;
}

export interface ZoomStep extends StepBase {
  kind: "zoom";
  status: "running" | "done" | "error";
  box?: [number, number, number, number];
  source?: number;
  image?: ImageRef;
  error?: string;
}

export interface AnswerStep extends StepBase {
  kind: "answer";
  text: string;
  /** False while streaming; true once the loop has accepted it as the final answer. */
  final: boolean;
  /** False for an untagged answer (plain prose accepted as the answer). */
  tagged: boolean;
}

export interface ErrorStep extends StepBase {
  kind: "error";
  /** `warning` for format problems and tool errors the model was told about; `error` ends the turn. */
  severity: "warning" | "error";
  code: TraceErrorCode | FormatProblemCode;
  message: string;
}

export type TraceStep = ThoughtStep | CodeStep | SearchStep | ImageSearchStep | ZoomStep | AnswerStep | ErrorStep;
export type TraceStepKind = TraceStep["kind"];

export interface TurnTrace {
  index: number;
  profile: string;
  question: string | null;
  images: ImageRef[];
  status: "running" | TurnStatus;
  calls: number;
  steps: TraceStep[];
  answer?: string;
  usage: Usage;
}

export interface TraceState {
  version: number;
  turns: TurnTrace[];
  /** The last `seq` applied (for resuming a live stream); -1 before any event. */
  lastSeq: number;
}
