"use client";
// The workspace's conversations, newest first, with a quick filter over what is loaded.
import { MessageSquare, Search } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import { formatRelative } from "@/lib/client/format";
import { useConversations } from "@/lib/client/queries";

export function ConversationList() {
  const list = useConversations();
  const [filter, setFilter] = useState("");
  const now = new Date();

  if (list.isPending) {
    return (
      <div className="space-y-2" aria-busy="true" aria-label="Loading conversations">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-14 w-full" />
        ))}
      </div>
    );
  }
  if (list.error)
    return (
      <Callout tone="danger" title="Your conversations could not be loaded">
        {list.error.message}
      </Callout>
    );

  const all = list.data.pages.flatMap((p) => p.items);
  const needle = filter.trim().toLowerCase();
  const items = needle ? all.filter((c) => (c.title || "untitled").toLowerCase().includes(needle)) : all;

  if (all.length === 0) {
    return (
      <div
        data-testid="conversations-empty"
        className="border-border rounded-xl border border-dashed px-6 py-10 text-center"
      >
        <MessageSquare className="text-muted-foreground mx-auto size-6" aria-hidden />
        <p className="mt-2 text-sm font-medium">No conversations yet</p>
        <p className="text-muted-foreground mt-1 text-sm">
          Upload an image and ask a question above to see the model work.
        </p>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <div className="relative">
        <Search
          className="text-muted-foreground pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2"
          aria-hidden
        />
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Filter conversations"
          aria-label="Filter conversations by title"
          data-testid="conversation-filter"
          className="border-border bg-background focus:border-primary/60 h-9 w-full rounded-lg border pr-3 pl-9 text-sm outline-none"
        />
      </div>
      <ul
        className="divide-border border-border divide-y overflow-hidden rounded-xl border"
        data-testid="conversation-list"
      >
        {items.map((c) => (
          <li key={c.id}>
            <Link
              href={`/c/${c.id}`}
              data-testid="conversation-item"
              className="hover:bg-muted/60 focus-visible:bg-muted/60 flex items-center gap-3 px-4 py-3 outline-none"
            >
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium">{c.title || "Untitled conversation"}</span>
                <span className="text-muted-foreground text-xs">
                  {c.turns} question{c.turns === 1 ? "" : "s"} ·{" "}
                  {c.visibility === "workspace" ? "shared with workspace" : "private"}
                </span>
              </span>
              <time dateTime={c.updatedAt} className="text-muted-foreground shrink-0 text-xs">
                {formatRelative(c.updatedAt, now)}
              </time>
            </Link>
          </li>
        ))}
        {items.length === 0 ? (
          <li className="text-muted-foreground px-4 py-6 text-center text-sm">
            No loaded conversation matches “{filter}”.
          </li>
        ) : null}
      </ul>
      {list.hasNextPage ? (
        <Button
          variant="outline"
          className="w-full"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? <Spinner /> : null} Show older conversations
        </Button>
      ) : null}
    </div>
  );
}
