import { AlertTriangle, OctagonAlert } from "lucide-react";
import { Callout } from "@/components/ui/callout";
import type { ErrorStep as ErrorStepData } from "@/lib/trace";
import { StepFrame } from "./step-frame";

const titles: Partial<Record<ErrorStepData["code"], string>> = {
  invalid_tool_call: "The model made a tool call Loupe could not run",
  repeated_image_search: "Image search was asked for again",
  code_without_fence: "Code without a Python fence",
  code_unclosed: "Code block left open",
  empty_code: "Empty code block",
  no_action: "The model neither acted nor answered",
  answer_unclosed: "Answer left open",
  model_unavailable: "The model could not be reached",
  model_busy: "The model server is busy",
  model_timeout: "The model stopped responding",
  model_stream_dropped: "The model's stream was cut off",
  model_context_length: "The conversation is too long for the model",
  sandbox_unavailable: "The Python sandbox is unavailable",
  search_unavailable: "Search is unavailable",
  context_exhausted: "No room left in the model's context",
};

/** Warnings the model was told about, or the error that ended the turn, as readable callouts. */
export function ErrorStep({ step }: { step: ErrorStepData; live: boolean }) {
  const isError = step.severity === "error";
  return (
    <StepFrame
      icon={isError ? <OctagonAlert /> : <AlertTriangle />}
      title={isError ? "Stopped" : "Note"}
      tone={isError ? "danger" : "warning"}
      meta={<code className="font-mono">{step.code}</code>}
      data-testid="trace-step-error"
      data-severity={step.severity}
    >
      <Callout tone={isError ? "danger" : "warning"} title={titles[step.code]}>
        {step.message}
      </Callout>
    </StepFrame>
  );
}
