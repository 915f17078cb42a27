// The common frame of a trace step: an icon on the timeline rail, a title line with status and
// meta, and the body. Each step kind renders its own body inside.
import { cn } from "@/lib/ui/cn";

export function StepFrame({
  icon,
  title,
  meta,
  tone = "default",
  className,
  children,
  ...props
}: React.ComponentProps<"li"> & {
  icon: React.ReactNode;
  title: React.ReactNode;
  meta?: React.ReactNode;
  tone?: "default" | "muted" | "primary" | "danger" | "warning";
}) {
  return (
    <li data-slot="step-frame" className={cn("group/step relative flex gap-3 pb-5 last:pb-0", className)} {...props}>
      <div className="flex flex-col items-center" aria-hidden>
        <span
          className={cn(
            "border-border bg-background z-10 flex size-7 shrink-0 items-center justify-center rounded-full border [&_svg]:size-3.5",
            tone === "muted" && "text-muted-foreground",
            tone === "primary" && "border-primary/40 bg-accent text-primary",
            tone === "danger" && "border-danger/40 bg-danger/10 text-danger",
            tone === "warning" && "border-warning/50 bg-warning/10 text-warning",
          )}
        >
          {icon}
        </span>
        <span className="bg-border mt-1 w-px flex-1 group-last/step:hidden" />
      </div>
      <div className="min-w-0 flex-1 pt-1">
        <div className="flex min-h-5 flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span className="font-medium">{title}</span>
          {meta ? <span className="text-muted-foreground flex items-center gap-2 text-xs">{meta}</span> : null}
        </div>
        <div className="mt-2 min-w-0">{children}</div>
      </div>
    </li>
  );
}
