import { Spinner } from "@/components/ui/spinner";

/** What a turn shows before its trace has any step. */
export function TraceEmpty({ status }: { status?: string | null }) {
  const waiting = status === "queued" || status === "running";
  return (
    <div data-testid="trace-empty" className="text-muted-foreground flex items-center gap-2 py-2 text-sm">
      {waiting ? <Spinner /> : null}
      {status === "queued"
        ? "Waiting for a free slot to start…"
        : status === "running"
          ? "The model is starting…"
          : "This run recorded no steps."}
    </div>
  );
}
