"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { inputClass } from "@/components/ui/field";
import { request } from "./request";

/**
 * A form whose fields become a JSON body (empty fields are left out; `toBody` may reshape them).
 * `show` renders what the server answered, e.g. an API key or invitation link shown once.
 */
export function JsonForm({
  method,
  url,
  submit,
  children,
  toBody = (fields) => fields,
  show,
  after,
  testId,
}: {
  method: string;
  url: string;
  submit: string;
  children: React.ReactNode;
  toBody?: (fields: Record<string, string>) => unknown;
  show?: (data: Record<string, unknown>) => React.ReactNode;
  after?: string;
  testId?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<React.ReactNode>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid gap-3"
      data-testid={testId}
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const fields = Object.fromEntries(
          [...new FormData(form).entries()].filter(([, v]) => typeof v === "string" && v.trim() !== ""),
        ) as Record<string, string>;
        setBusy(true);
        const result = await request(method, url, toBody(fields));
        setBusy(false);
        if (!result.ok) return setError(result.message);
        setError(null);
        if (after) return window.location.assign(after);
        form.reset();
        setShown(show && result.data ? show(result.data) : null);
        router.refresh();
      }}
    >
      {children}
      {error ? (
        <Callout tone="danger" role="alert">
          {error}
        </Callout>
      ) : null}
      {shown}
      <div>
        <Button type="submit" size="sm" disabled={busy}>
          {submit}
        </Button>
      </div>
    </form>
  );
}

export { Field as Input } from "@/components/ui/field";

export function Select({
  label,
  options,
  ...props
}: React.ComponentProps<"select"> & { label: string; options: { value: string; label: string }[] }) {
  return (
    <label className="grid gap-1.5 text-sm">
      <span className="font-medium">{label}</span>
      <select className={inputClass} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A value shown once (API key, invitation link), with a copy button. */
export function ShownOnce({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Callout tone="warning" title={label}>
      <code className="block font-mono text-xs break-all" data-testid="shown-once">
        {value}
      </code>
      <Button
        size="sm"
        variant="outline"
        className="mt-2"
        onClick={() => void navigator.clipboard.writeText(value).then(() => setCopied(true))}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </Callout>
  );
}
