import { Search } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Callout } from "@/components/ui/callout";
import { Spinner } from "@/components/ui/spinner";
import { displayUrl, safeHref } from "@/lib/client/safe-url";
import type { SearchStep as SearchStepData } from "@/lib/trace";
import { ExternalLink } from "./external-link";
import { StepFrame } from "./step-frame";

export function SearchStep({ step }: { step: SearchStepData; live: boolean }) {
  return (
    <StepFrame
      icon={<Search />}
      title="Web search"
      meta={
        step.status === "running" ? (
          <Badge tone="info">
            <Spinner className="size-3" /> searching
          </Badge>
        ) : step.status === "error" ? (
          <Badge tone="danger">failed</Badge>
        ) : null
      }
      data-testid="trace-step-search"
      data-status={step.status}
    >
      <div className="space-y-3">
        {step.queries.map((query, q) => {
          const hits = step.hits?.[q] ?? [];
          return (
            <section key={q} aria-label={`Results for ${query}`}>
              <p className="mb-2 text-sm">
                <span className="text-muted-foreground">Query </span>
                <q className="font-medium">{query}</q>
                {step.status === "done" ? (
                  <span className="text-muted-foreground">
                    {" "}
                    · {hits.length} result{hits.length === 1 ? "" : "s"}
                  </span>
                ) : null}
              </p>
              {hits.length > 0 ? (
                <ul className="grid gap-2">
                  {hits.map((hit, i) => (
                    <li
                      key={i}
                      data-testid="search-result"
                      className="border-border bg-background hover:border-primary/40 rounded-lg border px-3.5 py-2.5 transition-colors"
                    >
                      <ExternalLink href={hit.link} className="text-primary text-sm font-medium" icon>
                        {hit.title || hit.link}
                      </ExternalLink>
                      <p className="text-muted-foreground mt-0.5 truncate text-xs">
                        {safeHref(hit.link) ? displayUrl(hit.link) : "link hidden: not a web address"}
                        {hit.date ? ` · ${hit.date}` : ""}
                      </p>
                      {hit.snippet ? <p className="mt-1 line-clamp-3 text-sm">{hit.snippet}</p> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
          );
        })}
        {step.error ? <Callout tone="warning">{step.error}</Callout> : null}
      </div>
    </StepFrame>
  );
}
