"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { request } from "./request";

/** A button that calls one route, asks first when `confirm` is set, then refreshes the page. */
export function ActionButton({
  method,
  url,
  body,
  label,
  confirm,
  variant = "outline",
  after,
  testId,
}: {
  method: string;
  url: string;
  body?: unknown;
  label: string;
  confirm?: string;
  variant?: "outline" | "danger" | "default" | "ghost";
  /** Where to go afterwards (a full navigation); default: refresh this page. */
  after?: string;
  testId?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span className="inline-grid gap-2">
      <Button
        size="sm"
        variant={variant}
        disabled={busy}
        data-testid={testId}
        onClick={async () => {
          if (confirm && !window.confirm(confirm)) return;
          setBusy(true);
          const result = await request(method, url, body);
          setBusy(false);
          if (!result.ok) return setError(result.message);
          setError(null);
          if (after) window.location.assign(after);
          else router.refresh();
        }}
      >
        {label}
      </Button>
      {error ? <Callout tone="danger">{error}</Callout> : null}
    </span>
  );
}
