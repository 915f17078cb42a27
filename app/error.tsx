"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/db/errors";

// The page could not be rendered. An outage arrives with its code as digest (lib/http/page-errors);
// anything else is a server error whose details were logged, never shown.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const databaseDown = error.digest === "unavailable:database";
  // Render the page again on the server (reset alone would only retry the browser's part).
  const retry = () => startTransition(() => (router.refresh(), reset()));
  return (
    <div className="mx-auto max-w-xl px-4 py-16" data-testid={databaseDown ? "database-unavailable" : "page-error"}>
      <Callout tone="warning" title={databaseDown ? "Loupe cannot reach its database" : "This page could not be shown"}>
        {databaseDown ? DATABASE_UNAVAILABLE_MESSAGE : "Something went wrong on the server. The details were logged."}
      </Callout>
      <Button className="mt-6" variant="outline" onClick={retry}>
        Try again
      </Button>
    </div>
  );
}
