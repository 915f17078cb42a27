import { CheckCircle2 } from "lucide-react";
import type { AnswerStep as AnswerStepData } from "@/lib/trace";
import { StepFrame } from "./step-frame";

export function AnswerStep({ step }: { step: AnswerStepData; live: boolean }) {
  return (
    <StepFrame
      icon={<CheckCircle2 />}
      title="Answer"
      tone="primary"
      meta={
        step.final ? step.tagged ? null : <span>untagged reply accepted as the answer</span> : <span>writing…</span>
      }
      data-testid="trace-step-answer"
      data-final={step.final}
    >
      <div className="border-primary/30 bg-accent/60 rounded-lg border px-4 py-3">
        <p data-testid="answer-text" className="text-[17px] leading-relaxed font-medium whitespace-pre-wrap">
          {step.text.trim()}
        </p>
      </div>
    </StepFrame>
  );
}
