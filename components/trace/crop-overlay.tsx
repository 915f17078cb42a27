"use client";
// An input image with the step's crop boxes drawn on it, numbered. The SVG's viewBox is the image's
// own pixel size and it stretches over the displayed <img>, so boxes stay put at any width.
import { toDrawable, type Box } from "@/lib/client/boxes";
import { cn } from "@/lib/ui/cn";
import { useTraceEnv, type InputImage } from "./trace-context";

export function CropOverlay({
  image,
  crops,
  active,
  onActivate,
  className,
}: {
  image: InputImage;
  crops: { number: number; box: Box }[];
  active: number | null;
  onActivate?: (number: number | null) => void;
  className?: string;
}) {
  const { imageUrl } = useTraceEnv();
  const boxes = crops.flatMap((c) => toDrawable(c.box, c.number, image) ?? []);
  const label = Math.max(image.width, image.height) / 22;
  return (
    <figure
      data-testid="crop-overlay"
      data-source={image.index}
      className={cn("border-border bg-muted/40 relative overflow-hidden rounded-md border", className)}
    >
      {/* eslint-disable-next-line @next/next/no-img-element -- authorised blob route; sizes vary */}
      <img
        src={imageUrl(image.key)}
        alt={`image_${image.index} with ${boxes.length} crop box${boxes.length === 1 ? "" : "es"}`}
        width={image.width}
        height={image.height}
        className="block h-auto w-full"
      />
      <svg
        viewBox={`0 0 ${image.width} ${image.height}`}
        preserveAspectRatio="none"
        className="absolute inset-0 size-full"
        role="group"
        aria-label={`Crop boxes on image_${image.index}`}
      >
        {boxes.map((b) => {
          const on = active === b.number;
          return (
            <g
              key={b.number}
              data-testid="crop-box"
              data-number={b.number}
              data-active={on}
              tabIndex={onActivate ? 0 : undefined}
              role="img"
              aria-label={`Crop ${b.number}: ${Math.round(b.width)} by ${Math.round(b.height)} pixels at ${Math.round(b.x)}, ${Math.round(b.y)}`}
              onMouseEnter={() => onActivate?.(b.number)}
              onMouseLeave={() => onActivate?.(null)}
              onFocus={() => onActivate?.(b.number)}
              onBlur={() => onActivate?.(null)}
              className="cursor-default outline-none"
            >
              {/* A light halo under the box keeps it visible on dark and busy images. */}
              <rect
                x={b.x}
                y={b.y}
                width={b.width}
                height={b.height}
                fill="none"
                stroke="white"
                strokeOpacity={0.75}
                vectorEffect="non-scaling-stroke"
                strokeWidth={on ? 6 : 4}
              />
              <rect
                x={b.x}
                y={b.y}
                width={b.width}
                height={b.height}
                fill={on ? "var(--color-primary)" : "transparent"}
                fillOpacity={on ? 0.18 : 0}
                stroke="var(--color-primary)"
                vectorEffect="non-scaling-stroke"
                strokeWidth={on ? 3 : 2}
              />
              <rect x={b.x} y={b.y} width={label * 1.25} height={label * 1.25} fill="var(--color-primary)" />
              <text
                x={b.x + label * 0.625}
                y={b.y + label * 0.66}
                fill="var(--color-primary-foreground)"
                fontSize={label}
                fontWeight={700}
                textAnchor="middle"
                dominantBaseline="middle"
                fontFamily="var(--font-sans)"
              >
                {b.number}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
