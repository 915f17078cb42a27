import { cva, type VariantProps } from "class-variance-authority";
import { AlertTriangle, Info, OctagonAlert } from "lucide-react";
import { cn } from "@/lib/ui/cn";

const calloutVariants = cva(
  "flex gap-2.5 rounded-lg border px-3.5 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0",
  {
    variants: {
      tone: {
        info: "border-border bg-muted/60 text-foreground [&>svg]:text-muted-foreground",
        warning: "border-warning/40 bg-warning/10 text-foreground [&>svg]:text-warning",
        danger: "border-danger/30 bg-danger/10 text-foreground [&>svg]:text-danger",
      },
    },
    defaultVariants: { tone: "info" },
  },
);

const icons = { info: Info, warning: AlertTriangle, danger: OctagonAlert };

/** A short message in a box: errors, warnings and notices as plain sentences. */
export function Callout({
  className,
  tone,
  title,
  children,
  ...props
}: React.ComponentProps<"div"> & VariantProps<typeof calloutVariants> & { title?: React.ReactNode }) {
  const Icon = icons[tone ?? "info"];
  return (
    <div
      data-slot="callout"
      role={tone === "danger" ? "alert" : "status"}
      className={cn(calloutVariants({ tone }), className)}
      {...props}
    >
      <Icon aria-hidden />
      <div className="min-w-0 space-y-1">
        {title ? <p className="font-medium">{title}</p> : null}
        <div className="text-foreground/85 break-words">{children}</div>
      </div>
    </div>
  );
}
