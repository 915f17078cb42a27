"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies `text`; says "Copied" for a moment (and to screen readers). */
export function CopyButton({
  text,
  label = "Copy",
  ...props
}: Omit<React.ComponentProps<typeof Button>, "onClick"> & { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1800);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      variant="outline"
      size="sm"
      {...props}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => {
            setFailed(false);
            setCopied(true);
          },
          () => setFailed(true),
        );
      }}
    >
      {copied ? <Check /> : <Copy />}
      <span aria-live="polite">{copied ? "Copied" : failed ? "Copy blocked: select and copy" : label}</span>
    </Button>
  );
}
