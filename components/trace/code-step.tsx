"use client";
// A code cell: the model's Python (streaming, then final), its status and run time, stdout and
// stderr, output images, and the crops it computed drawn as numbered boxes on the input images.
// Hovering a box highlights the output image with the same number, and the other way round.
import { Code2 } from "lucide-react";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Callout } from "@/components/ui/callout";
import { Spinner } from "@/components/ui/spinner";
import { cropsBySource } from "@/lib/client/boxes";
import { codeBody, formatDuration } from "@/lib/client/format";
import type { CodeStep as CodeStepData } from "@/lib/trace";
import { CodeBlock } from "./code-block";
import { CropOverlay } from "./crop-overlay";
import { ImageGrid } from "./image-grid";
import { OutputPanel } from "./output-panel";
import { StepFrame } from "./step-frame";
import { useTraceEnv } from "./trace-context";

const outcomeLabel = { ok: "Ran", error: "Raised an error", timeout: "Timed out", crashed: "Kernel crashed" } as const;

function StatusBadge({ step }: { step: CodeStepData }) {
  switch (step.status) {
    case "streaming":
      return <Badge tone="info">writing…</Badge>;
    case "ready":
      return <Badge tone="info">queued</Badge>;
    case "running":
      return (
        <Badge tone="info">
          <Spinner className="size-3" /> running
        </Badge>
      );
    case "skipped":
      return <Badge>not run</Badge>;
    case "done": {
      const status = step.result?.status ?? "ok";
      return <Badge tone={status === "ok" ? "success" : "danger"}>{outcomeLabel[status]}</Badge>;
    }
  }
}

export function CodeStep({ step }: { step: CodeStepData; live: boolean }) {
  const { inputImages } = useTraceEnv();
  const [active, setActive] = useState<number | null>(null);
  const result = step.result;
  const code = step.code ?? codeBody(step.source);
  const groups = useMemo(() => cropsBySource(result?.crops ?? []), [result?.crops]);
  const imageCount = result?.images.length ?? 0;
  // Crop N and output image N are linked when both exist (the cell showed what it cropped, in order).
  const linked = useMemo(
    () => new Set(Array.from({ length: Math.min(result?.crops.length ?? 0, imageCount) }, (_, i) => i + 1)),
    [result?.crops.length, imageCount],
  );
  return (
    <StepFrame
      icon={<Code2 />}
      title="Python"
      meta={
        <>
          <StatusBadge step={step} />
          {result ? <span data-testid="code-duration">{formatDuration(result.durationMs)}</span> : null}
        </>
      }
      data-testid="trace-step-code"
      data-status={step.status}
      data-outcome={result?.status}
    >
      <div className="border-border bg-muted/40 overflow-hidden rounded-lg border">
        <CodeBlock code={code} data-testid="code-source" aria-label="Python code the model wrote" />
        {result && (result.stdout || result.stderr) ? (
          <div className="border-border bg-background border-t">
            {result.stdout ? <OutputPanel label="Stdout" text={result.stdout} tone="default" /> : null}
            {result.stderr ? <OutputPanel label="Stderr" text={result.stderr} tone="danger" /> : null}
          </div>
        ) : null}
      </div>
      {result?.notice ? (
        <Callout tone="warning" className="mt-2" data-testid="code-notice">
          {result.notice}
        </Callout>
      ) : null}
      {result && (groups.size > 0 || imageCount > 0) ? (
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          {[...groups].map(([source, crops]) => {
            const image = inputImages.get(source);
            return image ? (
              <div key={source}>
                <p className="text-muted-foreground mb-1.5 text-xs">
                  Crops on <code className="font-mono">image_{source}</code>
                </p>
                <CropOverlay image={image} crops={crops} active={active} onActivate={setActive} />
              </div>
            ) : (
              <p key={source} className="text-muted-foreground text-xs">
                The cell cropped image_{source}, which is not part of this conversation.
              </p>
            );
          })}
          {imageCount > 0 ? (
            <div className={groups.size === 0 ? "sm:col-span-2" : undefined}>
              <p className="text-muted-foreground mb-1.5 text-xs">
                {imageCount} output image{imageCount === 1 ? "" : "s"}
                {result.sent < imageCount ? ` (the model saw ${result.sent})` : ""}
              </p>
              <ImageGrid
                images={result.images}
                label="Output image"
                active={active}
                onActivate={setActive}
                linked={linked}
              />
            </div>
          ) : null}
        </div>
      ) : null}
    </StepFrame>
  );
}
