import { cn } from "@/lib/ui/cn";

/** The Loupe mark: a lens over a box. */
export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <svg
        viewBox="0 0 24 24"
        className="text-primary size-5"
        aria-hidden
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
      >
        <rect x="3" y="3" width="11" height="11" rx="2" strokeDasharray="3 2" />
        <circle cx="14.5" cy="14.5" r="5" />
        <path d="m18.2 18.2 3.3 3.3" strokeLinecap="round" />
      </svg>
      Loupe
    </span>
  );
}
