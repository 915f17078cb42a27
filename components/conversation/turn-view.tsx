// One turn: the question, then the latest run's status and trace. Read-only views (the share
// page) show the stored trace; the app follows an active run live (see LiveTurnRun).
import { Trace } from "@/components/trace/trace";
import type { ExportedTurn, RunStatus } from "@/lib/client/api";
import type { TurnTrace } from "@/lib/trace";
import { TraceEmpty } from "./trace-empty";
import { RunStatusBar } from "./run-status";
import { TurnQuestion } from "./turn-question";

/** The trace already shows the error that ended the run, so the status line need not repeat it. */
export function traceShowsError(trace: TurnTrace | null | undefined): boolean {
  return trace?.steps.some((s) => s.kind === "error" && s.severity === "error") ?? false;
}

export function TurnShell({
  turn,
  lastSeq,
  children,
}: {
  turn: ExportedTurn;
  /** The last event applied from a live stream (a hook for tests and debugging). */
  lastSeq?: number;
  children: React.ReactNode;
}) {
  return (
    <article
      data-testid="turn"
      data-turn-index={turn.index}
      data-last-seq={lastSeq}
      aria-label={`Question ${turn.index + 1}`}
      className="border-border bg-background rounded-xl border shadow-xs"
    >
      <header className="border-border border-b px-5 py-4">
        <TurnQuestion turn={turn} />
      </header>
      <div className="space-y-4 px-5 py-4">{children}</div>
    </article>
  );
}

/** A stored turn, as the share page shows it: no buttons, no live stream. */
export function StaticTurn({ turn }: { turn: ExportedTurn }) {
  const run = turn.runs.at(-1);
  return (
    <TurnShell turn={turn}>
      {run ? (
        <RunStatusBar
          run={{ ...run, status: run.status as RunStatus, error: traceShowsError(turn.trace) ? null : run.error }}
          readOnly
        />
      ) : null}
      {turn.trace && turn.trace.steps.length > 0 ? <Trace turn={turn.trace} /> : <TraceEmpty status={run?.status} />}
    </TurnShell>
  );
}
