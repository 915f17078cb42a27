"use client";
// Output images of a step in a grid; clicking one opens it full size in a lightbox dialog.
import { useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import type { ImageRef } from "@/lib/trace";
import { cn } from "@/lib/ui/cn";
import { useTraceEnv } from "./trace-context";

export function ImageGrid({
  images,
  label,
  active,
  onActivate,
  linked,
}: {
  images: ImageRef[];
  /** e.g. "Output image": numbered "Output image 1", "Output image 2"… */
  label: string;
  active?: number | null;
  onActivate?: (number: number | null) => void;
  /** Which numbers have a matching crop box (hovering links them). */
  linked?: ReadonlySet<number>;
}) {
  const { imageUrl } = useTraceEnv();
  const [open, setOpen] = useState<number | null>(null);
  const shown = open === null ? undefined : images[open];
  return (
    <>
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] gap-2" aria-label={`${label}s`}>
        {images.map((image, i) => {
          const number = i + 1;
          const isLinked = linked?.has(number) ?? false;
          return (
            <li key={`${image.key}-${i}`}>
              <button
                type="button"
                data-testid="output-image"
                data-number={number}
                data-active={active === number}
                onClick={() => setOpen(i)}
                onMouseEnter={() => isLinked && onActivate?.(number)}
                onMouseLeave={() => isLinked && onActivate?.(null)}
                onFocus={() => isLinked && onActivate?.(number)}
                onBlur={() => isLinked && onActivate?.(null)}
                aria-label={`${label} ${number}, ${image.width} by ${image.height} pixels${isLinked ? `, from crop ${number}` : ""}. Open full size`}
                className={cn(
                  "border-border bg-muted/40 group relative block w-full overflow-hidden rounded-md border transition",
                  active === number && "ring-primary border-primary ring-2",
                )}
              >
                {/* eslint-disable-next-line @next/next/no-img-element -- authorised blob route */}
                <img
                  src={imageUrl(image.key)}
                  alt=""
                  width={image.width}
                  height={image.height}
                  loading="lazy"
                  className="aspect-square w-full object-contain transition group-hover:scale-[1.02]"
                />
                {isLinked ? (
                  <span className="bg-primary text-primary-foreground absolute top-1 left-1 rounded px-1.5 text-[11px] font-bold">
                    {number}
                  </span>
                ) : null}
                <span className="text-muted-foreground bg-background/80 absolute right-1 bottom-1 rounded px-1 text-[10px]">
                  {image.width}×{image.height}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <Dialog open={shown !== undefined} onOpenChange={(o) => !o && setOpen(null)}>
        <DialogContent wide data-testid="lightbox">
          <DialogTitle>
            {label} {open === null ? "" : open + 1}
          </DialogTitle>
          <DialogDescription>
            {shown
              ? `${shown.width} × ${shown.height} pixels, ${shown.mediaType.replace("image/", "").toUpperCase()}`
              : ""}
          </DialogDescription>
          {shown ? (
            // eslint-disable-next-line @next/next/no-img-element -- authorised blob route
            <img
              src={imageUrl(shown.key)}
              alt={`${label} ${(open ?? 0) + 1} at full size`}
              width={shown.width}
              height={shown.height}
              className="mx-auto mt-4 h-auto max-h-[75dvh] w-auto max-w-full rounded-md object-contain"
            />
          ) : null}
        </DialogContent>
      </Dialog>
    </>
  );
}
