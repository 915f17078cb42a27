// Which component draws which kind of step: a table, so a new kind is a type error until drawn.
import type { ComponentType } from "react";
import type { TraceStep, TraceStepKind } from "@/lib/trace";
import { AnswerStep } from "./answer-step";
import { CodeStep } from "./code-step";
import { ErrorStep } from "./error-step";
import { ImageSearchStep } from "./image-search-step";
import { SearchStep } from "./search-step";
import { ThoughtStep } from "./thought-step";
import { ZoomStep } from "./zoom-step";

export type StepRenderer<K extends TraceStepKind> = ComponentType<{
  step: Extract<TraceStep, { kind: K }>;
  /** True for the step still being written by a live run. */
  live: boolean;
}>;

export const stepRenderers: { [K in TraceStepKind]: StepRenderer<K> } = {
  thought: ThoughtStep,
  code: CodeStep,
  search: SearchStep,
  image_search: ImageSearchStep,
  zoom: ZoomStep,
  answer: AnswerStep,
  error: ErrorStep,
};
