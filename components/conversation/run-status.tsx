"use client";
// The status line above a turn's trace: queued (with position), running (elapsed, Stop), and the
// endings, with Retry/Continue where they make sense. Status changes are announced politely.
import { CheckCircle2, CircleSlash, Clock, OctagonAlert, PlayCircle, RotateCcw, Square, Unplug } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Spinner } from "@/components/ui/spinner";
import { formatDuration } from "@/lib/client/format";
import { isFinalRun, runAllows, type RunStatus } from "@/lib/runs/status";
import { useNow } from "./use-now";

export interface RunStatusView {
  status: RunStatus;
  queuePosition?: number;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: { code: string; message: string } | null;
  mode?: string;
}

const badges: Record<
  RunStatus,
  { label: string; tone: "info" | "success" | "danger" | "warning" | "neutral"; icon: React.ReactNode }
> = {
  queued: { label: "Queued", tone: "neutral", icon: <Clock /> },
  running: { label: "Running", tone: "info", icon: <Spinner className="size-3" /> },
  completed: { label: "Completed", tone: "success", icon: <CheckCircle2 /> },
  failed: { label: "Failed", tone: "danger", icon: <OctagonAlert /> },
  cancelled: { label: "Stopped", tone: "neutral", icon: <CircleSlash /> },
  interrupted: { label: "Interrupted", tone: "warning", icon: <Unplug /> },
};

export function RunStatusBar({
  run,
  readOnly,
  pending = false,
  onAction,
  actionError,
}: {
  run: RunStatusView;
  readOnly: boolean;
  pending?: boolean;
  /** Absent on read-only views (no buttons are shown). */
  onAction?: (action: "cancel" | "retry" | "continue") => void;
  actionError?: string | null;
}) {
  const now = useNow(run.status === "running");
  const badge = badges[run.status];
  const elapsed =
    run.startedAt != null
      ? (run.finishedAt ? new Date(run.finishedAt) : now).getTime() - new Date(run.startedAt).getTime()
      : null;
  // Ended without completing: Retry is the main action, and the error is shown.
  const ended = isFinalRun(run.status) && run.status !== "completed";
  return (
    <div data-testid="run-status" data-status={run.status} className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={badge.tone} data-testid="run-status-badge">
          {badge.icon}
          {badge.label}
        </Badge>
        <span className="sr-only" role="status" aria-live="polite">
          Run {badge.label.toLowerCase()}
        </span>
        {run.status === "queued" && run.queuePosition ? (
          <span className="text-muted-foreground text-xs" data-testid="queue-position">
            {run.queuePosition === 1 ? "Next in line" : `Position ${run.queuePosition} in the queue`}
          </span>
        ) : null}
        {elapsed !== null && run.status !== "queued" ? (
          <span className="text-muted-foreground text-xs tabular-nums" data-testid="run-elapsed">
            {formatDuration(Math.max(0, run.finishedAt ? elapsed : Math.floor(elapsed / 1000) * 1000))}
          </span>
        ) : null}
        {run.mode && run.mode !== "new" ? <Badge>{run.mode === "retry" ? "retried" : "continued"}</Badge> : null}
        {!readOnly && onAction ? (
          <div className="ml-auto flex gap-2">
            {runAllows(run.status, "cancel") ? (
              <Button
                size="sm"
                variant="outline"
                data-testid="stop"
                disabled={pending}
                onClick={() => onAction("cancel")}
              >
                <Square /> Stop
              </Button>
            ) : null}
            {runAllows(run.status, "continue") ? (
              <Button
                size="sm"
                variant="outline"
                data-testid="continue"
                disabled={pending}
                onClick={() => onAction("continue")}
              >
                <PlayCircle /> Continue
              </Button>
            ) : null}
            {runAllows(run.status, "retry") ? (
              <Button
                size="sm"
                variant={ended ? "default" : "ghost"}
                data-testid="retry"
                disabled={pending}
                onClick={() => onAction("retry")}
              >
                <RotateCcw /> Retry
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {run.error && run.status !== "completed" ? (
        <Callout tone={run.status === "failed" ? "danger" : "warning"} data-testid="run-error">
          {run.error.message}
        </Callout>
      ) : null}
      {actionError ? (
        <Callout tone="danger" data-testid="run-action-error">
          {actionError}
        </Callout>
      ) : null}
    </div>
  );
}
