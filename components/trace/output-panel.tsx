"use client";

import { useState } from "react";
import { cn } from "@/lib/ui/cn";

const COLLAPSED_LINES = 14;

/** stdout or stderr as given (truncation markers included); long output starts collapsed. */
export function OutputPanel({ label, text, tone }: { label: string; text: string; tone: "default" | "danger" }) {
  const lines = text.split("\n");
  const long = lines.length > COLLAPSED_LINES;
  const [expanded, setExpanded] = useState(false);
  const shown = long && !expanded ? lines.slice(0, COLLAPSED_LINES).join("\n") : text;
  return (
    <section
      aria-label={label}
      data-testid={`code-${label.toLowerCase()}`}
      className="border-border border-t first:border-t-0"
    >
      <div className="text-muted-foreground flex items-center justify-between px-3.5 pt-2 text-[11px] font-medium tracking-wide uppercase">
        <span className={cn(tone === "danger" && "text-danger")}>{label}</span>
        {long ? (
          <button
            type="button"
            className="hover:text-foreground normal-case"
            aria-expanded={expanded}
            onClick={() => setExpanded((v) => !v)}
          >
            {expanded ? "Show less" : `Show all ${lines.length} lines`}
          </button>
        ) : null}
      </div>
      <pre
        className={cn(
          "max-h-[28rem] overflow-auto px-3.5 pt-1 pb-3 font-mono text-[12px] leading-relaxed whitespace-pre-wrap",
          tone === "danger" && "text-danger",
        )}
      >
        {shown}
      </pre>
    </section>
  );
}
