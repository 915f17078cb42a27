"use client";
// A turn in the app: its latest run is followed live over SSE while it is queued or running (and
// its streamed trace kept once it ends, so nothing flickers); Stop, Retry and Continue call the API.
import { useEffect, useState } from "react";
import { Trace } from "@/components/trace/trace";
import { isActiveRun, type ExportedTurn, type RunStatus } from "@/lib/client/api";
import { useRefreshWhenRunEnds, useRun, useRunAction } from "@/lib/client/queries";
import { useRunEvents } from "@/lib/client/use-run-events";
import { Callout } from "@/components/ui/callout";
import { RunStatusBar } from "./run-status";
import { TraceEmpty } from "./trace-empty";
import { traceShowsError, TurnShell } from "./turn-view";

export function LiveTurn({ turn, conversationId }: { turn: ExportedTurn; conversationId: string }) {
  const latest = turn.runs.at(-1);
  const active = isActiveRun(latest?.status);
  const [followed, setFollowed] = useState<string | null>(active && latest ? latest.id : null);
  // A newly started run (retry, continue) is followed from then on: adjust state while rendering
  // rather than in an effect, so there is no render showing the old run.
  if (active && latest && followed !== latest.id) setFollowed(latest.id);
  const following = latest !== undefined && followed === latest.id;

  const stream = useRunEvents(following ? latest.id : null);
  const runQuery = useRun(following && stream.phase !== "ended" ? latest.id : null);
  const action = useRunAction(conversationId);
  const refresh = useRefreshWhenRunEnds(conversationId);
  useEffect(() => refresh(stream.summary), [stream.summary]); // eslint-disable-line react-hooks/exhaustive-deps

  const streamed = following ? stream.trace.turns.at(-1) : undefined;
  const trace = streamed ?? turn.trace;
  const summary = stream.summary ?? runQuery.data;
  let status = (summary?.status ?? latest?.status ?? "queued") as RunStatus;
  // Events arriving mean the run has started, even before the summary says so.
  if (status === "queued" && streamed) status = "running";
  const isLive = following && isActiveRun(status);

  return (
    <TurnShell turn={turn} lastSeq={following ? stream.trace.lastSeq : undefined}>
      {latest ? (
        <RunStatusBar
          run={{
            status,
            queuePosition: summary?.queuePosition,
            startedAt: summary?.startedAt ?? latest.startedAt ?? (streamed ? latest.createdAt : null),
            finishedAt: summary?.finishedAt ?? latest.finishedAt,
            error: traceShowsError(trace) ? null : summary ? (summary.error ?? null) : latest.error,
            mode: latest.mode,
          }}
          readOnly={false}
          pending={action.isPending}
          actionError={action.error?.message}
          onAction={(kind) => action.mutate({ runId: latest.id, action: kind })}
        />
      ) : null}
      {trace && trace.steps.length > 0 ? <Trace turn={trace} live={isLive} /> : <TraceEmpty status={status} />}
      {following && stream.phase === "reconnecting" ? (
        <p className="text-muted-foreground text-xs" role="status">
          Connection lost; reconnecting and resuming where it stopped…
        </p>
      ) : null}
      {following && stream.phase === "failed" && stream.error ? <Callout tone="danger">{stream.error}</Callout> : null}
    </TurnShell>
  );
}
