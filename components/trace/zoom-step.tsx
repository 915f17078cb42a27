"use client";

import { ZoomIn } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Callout } from "@/components/ui/callout";
import { Spinner } from "@/components/ui/spinner";
import type { ZoomStep as ZoomStepData } from "@/lib/trace";
import { CropOverlay } from "./crop-overlay";
import { ImageGrid } from "./image-grid";
import { StepFrame } from "./step-frame";
import { useTraceEnv } from "./trace-context";

/** DeepEyes v1's zoom tool: the box on the original, and the zoomed image it returned. */
export function ZoomStep({ step }: { step: ZoomStepData; live: boolean }) {
  const { inputImages } = useTraceEnv();
  const source = step.source === undefined ? undefined : inputImages.get(step.source);
  return (
    <StepFrame
      icon={<ZoomIn />}
      title="Zoom"
      meta={
        step.status === "running" ? (
          <Badge tone="info">
            <Spinner className="size-3" /> zooming
          </Badge>
        ) : step.box ? (
          <span className="font-mono">[{step.box.map((n) => Math.round(n)).join(", ")}]</span>
        ) : null
      }
      data-testid="trace-step-zoom"
      data-status={step.status}
    >
      {step.status === "done" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          {source && step.box ? <CropOverlay image={source} crops={[{ number: 1, box: step.box }]} active={1} /> : null}
          {step.image ? <ImageGrid images={[step.image]} label="Zoomed image" /> : null}
        </div>
      ) : null}
      {step.error ? <Callout tone="warning">{step.error}</Callout> : null}
    </StepFrame>
  );
}
