"use client";
// Where a question is written: a textarea (Enter sends, Shift+Enter adds a line) with images
// attached by the file picker, drag and drop, or paste. Used for new conversations and follow-ups.
import { ArrowUp, ImagePlus, X } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { ACCEPTED_IMAGE_TYPES } from "@/lib/client/upload";
import { MAX_QUESTION_CHARS } from "@/lib/runs/limits";
import { cn } from "@/lib/ui/cn";
import { useHydrated } from "./use-hydrated";
import { useAttachments } from "./use-attachments";

export interface ComposerSubmission {
  question: string;
  images: File[];
}

export function Composer({
  onSubmit,
  disabled = false,
  disabledReason,
  placeholder = "Ask about an image…",
  autoFocus = false,
  label = "Question",
  className,
}: {
  /** Resolves when accepted (the composer clears); rejects with an Error whose message is shown. */
  onSubmit: (submission: ComposerSubmission) => Promise<void>;
  disabled?: boolean;
  disabledReason?: string;
  placeholder?: string;
  autoFocus?: boolean;
  label?: string;
  className?: string;
}) {
  const [question, setQuestion] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  // Set once hydrated: before that, typing and attaching would be lost (tests wait for it too).
  const ready = useHydrated();
  const attachments = useAttachments();
  const fileInput = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const inputId = useId();

  const blocked = disabled || sending;
  const canSend = !blocked && question.trim().length > 0;

  async function send() {
    if (!canSend) return;
    setSending(true);
    setError(null);
    try {
      await onSubmit({ question: question.trim(), images: attachments.items.map((a) => a.file) });
      setQuestion("");
      attachments.clear();
    } catch (e) {
      setError(e instanceof Error ? e.message : "The question could not be sent.");
    } finally {
      setSending(false);
    }
  }

  const problems = [...attachments.problems, ...(error ? [error] : [])];

  return (
    <form
      data-slot="composer"
      data-testid="composer"
      aria-label={label}
      aria-busy={sending}
      data-ready={ready}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onDragOver={(e) => {
        if (!blocked && e.dataTransfer.types.includes("Files")) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (!blocked) attachments.add([...e.dataTransfer.files]);
      }}
      className={cn(
        "border-border bg-background focus-within:border-primary/60 focus-within:ring-primary/15 relative rounded-xl border shadow-sm transition focus-within:ring-4",
        dragging && "border-primary ring-primary/20 ring-4",
        className,
      )}
    >
      {dragging ? (
        <div className="bg-accent/80 text-primary pointer-events-none absolute inset-0 z-10 flex items-center justify-center rounded-xl text-sm font-medium">
          Drop images to attach them
        </div>
      ) : null}
      {attachments.items.length > 0 ? (
        <ul className="flex flex-wrap gap-2 px-3 pt-3" aria-label="Attached images">
          {attachments.items.map((a, i) => (
            <li key={a.id} data-testid="attachment" className="group relative">
              {/* eslint-disable-next-line @next/next/no-img-element -- local object URL preview */}
              <img
                src={a.preview}
                alt={`Attached image ${i + 1}: ${a.file.name}`}
                className="border-border size-16 rounded-lg border object-cover"
              />
              <button
                type="button"
                data-testid="remove-attachment"
                onClick={() => attachments.remove(a.id)}
                disabled={blocked}
                aria-label={`Remove ${a.file.name}`}
                className="bg-foreground text-background absolute -top-1.5 -right-1.5 rounded-full p-0.5 shadow"
              >
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label htmlFor={inputId} className="sr-only">
        {label}
      </label>
      <Textarea
        id={inputId}
        data-testid="composer-input"
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
        onPaste={(e) => {
          const files = [...e.clipboardData.files].filter((f) => f.type.startsWith("image/"));
          if (files.length > 0) {
            e.preventDefault();
            attachments.add(files);
          }
        }}
        placeholder={disabled && disabledReason ? disabledReason : placeholder}
        disabled={disabled}
        readOnly={sending}
        autoFocus={autoFocus}
        rows={2}
        maxLength={MAX_QUESTION_CHARS}
        aria-describedby={hintId}
        className="field-sizing-content max-h-72 min-h-14 px-4 pt-3.5"
        // The form draws the focus ring; the global outline would double it.
        style={{ outline: "none" }}
      />
      <div className="flex items-center gap-2 px-2.5 pb-2.5">
        <input
          ref={fileInput}
          type="file"
          accept={ACCEPTED_IMAGE_TYPES.join(",")}
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            attachments.add([...(e.target.files ?? [])]);
            e.target.value = "";
          }}
        />
        <Button
          variant="ghost"
          size="sm"
          data-testid="attach"
          disabled={blocked}
          onClick={() => fileInput.current?.click()}
          className="text-muted-foreground"
        >
          <ImagePlus /> Add images
        </Button>
        <p id={hintId} className="text-muted-foreground hidden text-xs sm:block">
          {disabled && disabledReason
            ? disabledReason
            : "Enter to send · Shift+Enter for a new line · paste or drop images"}
        </p>
        <Button
          type="submit"
          size="icon"
          data-testid="send"
          disabled={!canSend}
          aria-label={sending ? "Sending" : "Send question"}
          className="ml-auto rounded-lg"
        >
          {sending ? <Spinner /> : <ArrowUp />}
        </Button>
      </div>
      {problems.length > 0 ? (
        <div role="alert" data-testid="composer-error" className="text-danger space-y-0.5 px-4 pb-3 text-sm">
          {problems.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
      ) : null}
    </form>
  );
}
