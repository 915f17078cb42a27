// A labelled text input with an optional hint, as every form in the app draws it.
export const inputClass =
  "border-border bg-background focus-visible:ring-primary/40 h-9 w-full rounded-md border px-3 text-sm outline-none focus-visible:ring-2";

export function Field({ label, hint, ...props }: React.ComponentProps<"input"> & { label: string; hint?: string }) {
  return (
    <label className="grid gap-1.5 text-sm">
      <span className="font-medium">{label}</span>
      <input className={inputClass} {...props} />
      {hint ? <span className="text-muted-foreground text-xs">{hint}</span> : null}
    </label>
  );
}
