// The read-only view of a shared conversation: every turn with its stored trace, no composer.
import { Eye } from "lucide-react";
import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { Badge } from "@/components/ui/badge";
import type { ExportedConversation } from "@/lib/client/api";
import { ConversationEnv } from "./conversation-env";
import { StaticTurn } from "./turn-view";

export function SharedConversation({ conversation, token }: { conversation: ExportedConversation; token: string }) {
  return (
    <>
      <header className="border-border bg-background/85 sticky top-0 z-30 border-b backdrop-blur">
        <div className="mx-auto flex h-14 max-w-4xl items-center gap-3 px-4 sm:px-6">
          <Link href="/" className="rounded-md" aria-label="Loupe">
            <Logo />
          </Link>
          <Badge className="ml-auto" data-testid="read-only-badge">
            <Eye /> Shared, read-only
          </Badge>
        </div>
      </header>
      <main
        id="main"
        className="mx-auto flex max-w-4xl flex-col gap-5 px-4 py-6 sm:px-6"
        data-testid="shared-conversation"
      >
        <h1 className="text-lg font-semibold tracking-tight" data-testid="conversation-title">
          {conversation.title || "Untitled conversation"}
        </h1>
        <ConversationEnv conversation={conversation} shareToken={token}>
          {conversation.turns.map((turn) => (
            <StaticTurn key={turn.id} turn={turn} />
          ))}
        </ConversationEnv>
        <p className="text-muted-foreground pt-4 text-center text-xs">
          Traces of an agentic vision model, recorded and shared with Loupe.
        </p>
      </main>
    </>
  );
}
