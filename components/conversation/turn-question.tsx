"use client";
// The question of a turn and its input images (labelled image_N, as the model's code names them).
import { useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { useTraceEnv } from "@/components/trace/trace-context";
import type { ExportedTurn } from "@/lib/client/api";

export function TurnQuestion({ turn }: { turn: Pick<ExportedTurn, "question" | "images"> }) {
  const { imageUrl } = useTraceEnv();
  const [open, setOpen] = useState<number | null>(null);
  const shown = turn.images.find((i) => i.index === open);
  return (
    <div data-testid="turn-question" className="space-y-3">
      <p className="text-[17px] leading-relaxed font-medium whitespace-pre-wrap">{turn.question}</p>
      {turn.images.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Images sent with the question">
          {turn.images.map((image) => (
            <li key={image.index}>
              <button
                type="button"
                data-testid="input-image"
                onClick={() => setOpen(image.index)}
                className="border-border bg-muted/40 hover:border-primary/50 group relative block overflow-hidden rounded-lg border"
                aria-label={`image_${image.index}, ${image.original.width} by ${image.original.height} pixels. Open full size`}
              >
                {/* eslint-disable-next-line @next/next/no-img-element -- authorised blob route */}
                <img
                  src={imageUrl(image.key)}
                  alt=""
                  width={image.width}
                  height={image.height}
                  className="h-28 w-auto max-w-56 object-cover"
                />
                <span className="bg-background/85 absolute bottom-1 left-1 rounded px-1.5 font-mono text-[11px]">
                  image_{image.index}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <Dialog open={shown !== undefined} onOpenChange={(o) => !o && setOpen(null)}>
        <DialogContent wide>
          <DialogTitle>image_{shown?.index}</DialogTitle>
          <DialogDescription>
            {shown
              ? `Uploaded at ${shown.original.width} × ${shown.original.height}; the model sees ${shown.width} × ${shown.height}.`
              : ""}
          </DialogDescription>
          {shown ? (
            // eslint-disable-next-line @next/next/no-img-element -- authorised blob route
            <img
              src={imageUrl(shown.key)}
              alt={`image_${shown.index} at full size`}
              width={shown.width}
              height={shown.height}
              className="mx-auto mt-4 h-auto max-h-[75dvh] w-auto max-w-full rounded-md"
            />
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}
