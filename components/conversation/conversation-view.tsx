"use client";
// A conversation in the app: its turns (the latest run of each followed live while active), a
// header with copy-link and share, and a follow-up composer that waits while a run is going.
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Callout } from "@/components/ui/callout";
import { Skeleton } from "@/components/ui/spinner";
import { isActiveRun } from "@/lib/client/api";
import { useAskQuestion, useConversation } from "@/lib/client/queries";
import { Composer } from "./composer";
import { ConversationEnv } from "./conversation-env";
import { CopyButton } from "./copy-button";
import { LiveTurn } from "./live-turn";
import { ShareDialog } from "./share-dialog";

export function ConversationView({ id }: { id: string }) {
  const conversation = useConversation(id);
  const ask = useAskQuestion();
  const turnCount = conversation.data?.turns.length ?? 0;
  const lastTurnRef = useRef<HTMLDivElement>(null);
  const seenTurns = useRef(turnCount);
  useEffect(() => {
    if (turnCount > seenTurns.current && seenTurns.current > 0)
      lastTurnRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    seenTurns.current = turnCount;
  }, [turnCount]);

  if (conversation.isPending) return <ConversationSkeleton />;
  if (conversation.error) {
    return (
      <div className="mx-auto max-w-3xl px-4 py-16" data-testid="conversation-error">
        <Callout tone="danger" title="This conversation could not be opened">
          {conversation.error.message}{" "}
          <Link href="/" className="text-primary underline underline-offset-2">
            Back to your conversations
          </Link>
        </Callout>
      </div>
    );
  }

  const data = conversation.data;
  const running = data.turns.some((t) => isActiveRun(t.runs.at(-1)?.status));
  return (
    <ConversationEnv conversation={data}>
      <div className="mx-auto flex w-full max-w-4xl flex-col gap-5 px-4 pt-6 pb-40 sm:px-6">
        <div className="flex flex-wrap items-center gap-2">
          <nav aria-label="Breadcrumb" className="text-muted-foreground min-w-0 flex-1 text-sm">
            <Link href="/" className="hover:text-foreground">
              Conversations
            </Link>
            <span aria-hidden> / </span>
            <h1 data-testid="conversation-title" className="text-foreground inline font-medium">
              {data.title || "Untitled conversation"}
            </h1>
          </nav>
          <CopyButton
            text={typeof window === "undefined" ? "" : window.location.href}
            label="Copy link"
            data-testid="copy-link"
            variant="ghost"
          />
          <ShareDialog conversationId={id} />
        </div>
        {data.turns.length === 0 ? (
          <p className="text-muted-foreground py-10 text-center text-sm" data-testid="conversation-empty">
            No questions yet. Ask one below.
          </p>
        ) : null}
        {data.turns.map((turn, i) => (
          <div key={turn.id} ref={i === data.turns.length - 1 ? lastTurnRef : undefined} className="scroll-mt-20">
            <LiveTurn turn={turn} conversationId={id} />
          </div>
        ))}
      </div>
      <div className="from-background via-background/95 fixed inset-x-0 bottom-0 z-20 bg-gradient-to-t to-transparent pt-6 pb-4">
        <div className="mx-auto max-w-4xl px-4 sm:px-6">
          <Composer
            label="Follow-up question"
            placeholder="Ask a follow-up…"
            disabled={running}
            disabledReason="The model is still working. Stop it or wait to ask a follow-up."
            onSubmit={async (submission) => {
              await ask.mutateAsync({ conversationId: id, ...submission });
            }}
          />
        </div>
      </div>
    </ConversationEnv>
  );
}

function ConversationSkeleton() {
  return (
    <div
      className="mx-auto max-w-4xl space-y-4 px-4 pt-6 sm:px-6"
      aria-busy="true"
      aria-label="Loading the conversation"
    >
      <Skeleton className="h-7 w-1/2" />
      <Skeleton className="h-40 w-full rounded-xl" />
      <Skeleton className="h-64 w-full rounded-xl" />
    </div>
  );
}
