import { Brain } from "lucide-react";
import type { ThoughtStep as ThoughtStepData } from "@/lib/trace";
import { StepFrame } from "./step-frame";

/** Thinking, muted and collapsible (a native <details>, so it works on the server-rendered share page). */
export function ThoughtStep({ step, live }: { step: ThoughtStepData; live: boolean }) {
  const text = step.text.trim();
  return (
    <StepFrame icon={<Brain />} title="Thought" tone="muted" data-testid="trace-step-thought" data-step-id={step.id}>
      <details open className="group/thought">
        <summary className="text-muted-foreground hover:text-foreground w-fit cursor-pointer list-none text-xs select-none [&::-webkit-details-marker]:hidden">
          <span className="group-open/thought:hidden">Show thought</span>
          <span className="hidden group-open/thought:inline">Hide thought</span>
        </summary>
        <p className="text-muted-foreground mt-1.5 text-sm leading-relaxed whitespace-pre-wrap">
          {text}
          {live ? (
            <span
              className="bg-muted-foreground/60 ml-0.5 inline-block h-3.5 w-1.5 animate-pulse align-middle"
              aria-hidden
            />
          ) : null}
        </p>
      </details>
    </StepFrame>
  );
}
