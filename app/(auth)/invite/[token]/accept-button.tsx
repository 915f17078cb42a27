"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { send } from "../../_components/send";

export function AcceptButton({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="grid gap-3">
      {error ? <Callout tone="danger">{error}</Callout> : null}
      <Button
        data-testid="accept-invitation"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await send("/api/workspaces/invitations/accept", { token });
          setBusy(false);
          if (!result.ok) return setError(result.message);
          router.push("/");
          router.refresh();
        }}
      >
        Join the workspace
      </Button>
    </div>
  );
}
