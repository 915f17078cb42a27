// A turn's steps as a timeline, each drawn by the component its kind maps to.
import type { TraceStep, TurnTrace } from "@/lib/trace";
import { stepRenderers, type StepRenderer } from "./renderers";

function Step({ step, live }: { step: TraceStep; live: boolean }) {
  // The table's union of renderers is not callable as one: narrow it to this step's kind.
  const Renderer = stepRenderers[step.kind] as StepRenderer<typeof step.kind>;
  return <Renderer step={step} live={live} />;
}

export function Trace({ turn, live = false }: { turn: TurnTrace; live?: boolean }) {
  const last = turn.steps.length - 1;
  return (
    <ol data-slot="trace" data-testid="trace" aria-label="What the model did" aria-busy={live}>
      {turn.steps.map((step, i) => (
        <Step key={step.id} step={step} live={live && i === last} />
      ))}
    </ol>
  );
}
