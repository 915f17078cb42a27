"use client";

import { ImageIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Callout } from "@/components/ui/callout";
import { Spinner } from "@/components/ui/spinner";
import { displayUrl } from "@/lib/client/safe-url";
import type { ImageSearchStep as ImageSearchStepData } from "@/lib/trace";
import { ExternalLink } from "./external-link";
import { StepFrame } from "./step-frame";
import { useTraceEnv } from "./trace-context";

export function ImageSearchStep({ step }: { step: ImageSearchStepData; live: boolean }) {
  const { imageUrl } = useTraceEnv();
  const hits = step.hits ?? [];
  return (
    <StepFrame
      icon={<ImageIcon />}
      title="Image search"
      meta={
        step.status === "running" ? (
          <Badge tone="info">
            <Spinner className="size-3" /> searching
          </Badge>
        ) : step.status === "error" ? (
          <Badge tone="danger">failed</Badge>
        ) : (
          <>
            <span>
              {hits.length} match{hits.length === 1 ? "" : "es"}
            </span>
            {step.reused ? <Badge>same results as before</Badge> : null}
          </>
        )
      }
      data-testid="trace-step-image_search"
      data-status={step.status}
    >
      {hits.length > 0 ? (
        <ul className="grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-2">
          {hits.map((hit, i) => (
            <li
              key={i}
              data-testid="image-search-result"
              className="border-border bg-background overflow-hidden rounded-lg border"
            >
              {hit.thumbnail ? (
                // eslint-disable-next-line @next/next/no-img-element -- stored thumbnail via the blob route
                <img
                  src={imageUrl(hit.thumbnail.key)}
                  alt=""
                  width={hit.thumbnail.width}
                  height={hit.thumbnail.height}
                  loading="lazy"
                  className="bg-muted aspect-[4/3] w-full object-cover"
                />
              ) : (
                <div className="bg-muted text-muted-foreground flex aspect-[4/3] items-center justify-center text-xs">
                  no thumbnail
                </div>
              )}
              <div className="p-2">
                <ExternalLink href={hit.link} className="line-clamp-2 text-xs font-medium">
                  {hit.title || displayUrl(hit.link)}
                </ExternalLink>
                <p className="text-muted-foreground mt-0.5 truncate text-[11px]">{displayUrl(hit.link)}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {step.error ? <Callout tone="warning">{step.error}</Callout> : null}
    </StepFrame>
  );
}
