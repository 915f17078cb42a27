"use client";
// Share a conversation by link: create one (optionally expiring), copy it (the URL is shown once:
// only its hash is stored), and list or revoke earlier links.
import { Link2, Share2 } from "lucide-react";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import type { CreatedShare } from "@/lib/client/api";
import { formatRelative } from "@/lib/client/format";
import { useCreateShare, useRevokeShare, useShares } from "@/lib/client/queries";
import { absoluteLink } from "@/lib/http/absolute-link";
import { CopyButton } from "./copy-button";

const EXPIRY_LABELS = {
  never: "Never expires",
  "1d": "Expires in 1 day",
  "7d": "Expires in 7 days",
  "30d": "Expires in 30 days",
};

export function ShareDialog({ conversationId }: { conversationId: string }) {
  const [open, setOpen] = useState(false);
  const [expires, setExpires] = useState<keyof typeof EXPIRY_LABELS>("never");
  const [created, setCreated] = useState<CreatedShare | null>(null);
  const shares = useShares(conversationId, open);
  const create = useCreateShare(conversationId);
  const revoke = useRevokeShare(conversationId);
  const selectId = useId();
  const urlId = useId();
  const now = new Date();

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setCreated(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" data-testid="share-button">
          <Share2 /> Share
        </Button>
      </DialogTrigger>
      <DialogContent data-testid="share-dialog">
        <DialogTitle>Share this conversation</DialogTitle>
        <DialogDescription>
          Anyone with the link can see the questions, images and the full trace, without signing in. They cannot ask
          anything or see your other conversations.
        </DialogDescription>

        <div className="mt-4 flex flex-wrap items-end gap-2">
          <div className="grid gap-1">
            <label htmlFor={selectId} className="text-muted-foreground text-xs font-medium">
              Link lifetime
            </label>
            <select
              id={selectId}
              data-testid="share-expiry"
              value={expires}
              onChange={(e) => setExpires(e.target.value as keyof typeof EXPIRY_LABELS)}
              className="border-border bg-background h-9 rounded-md border px-2 text-sm"
            >
              {Object.entries(EXPIRY_LABELS).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </div>
          <Button
            data-testid="create-share"
            disabled={create.isPending}
            onClick={() => create.mutate(expires, { onSuccess: (share) => setCreated(share) })}
          >
            {create.isPending ? <Spinner /> : <Link2 />} Create link
          </Button>
        </div>
        {create.error ? (
          <Callout tone="danger" className="mt-3">
            {create.error.message}
          </Callout>
        ) : null}

        {created ? (
          <div className="border-primary/30 bg-accent/50 mt-4 rounded-lg border p-3">
            <label htmlFor={urlId} className="text-sm font-medium">
              Your new link
            </label>
            <p className="text-muted-foreground text-xs">Copy it now: for safety, Loupe does not show it again.</p>
            <div className="mt-2 flex gap-2">
              <input
                id={urlId}
                readOnly
                value={absoluteLink(created.url)}
                data-testid="share-url"
                onFocus={(e) => e.currentTarget.select()}
                className="border-border bg-background h-8 min-w-0 flex-1 rounded-md border px-2 font-mono text-xs"
              />
              <CopyButton text={absoluteLink(created.url)} data-testid="copy-share-url" />
            </div>
          </div>
        ) : null}

        <h3 className="mt-6 text-sm font-medium">Links to this conversation</h3>
        {shares.isPending ? (
          <p className="text-muted-foreground mt-2 flex items-center gap-2 text-sm">
            <Spinner /> Loading links…
          </p>
        ) : shares.error ? (
          <Callout tone="danger" className="mt-2">
            {shares.error.message}
          </Callout>
        ) : shares.data.items.length === 0 ? (
          <p className="text-muted-foreground mt-2 text-sm">No links yet. Create one above.</p>
        ) : (
          <ul className="divide-border border-border mt-2 divide-y rounded-lg border" data-testid="share-list">
            {shares.data.items.map((link) => (
              <li
                key={link.id}
                data-testid="share-link-row"
                data-status={link.status}
                className="flex items-center gap-2 px-3 py-2 text-sm"
              >
                <Badge tone={link.status === "active" ? "success" : "neutral"}>{link.status}</Badge>
                <span className="text-muted-foreground min-w-0 flex-1 truncate text-xs">
                  Created {formatRelative(link.createdAt, now)}
                  {link.createdBy ? ` by ${link.createdBy}` : ""}
                  {link.expiresAt && link.status === "active"
                    ? ` · expires ${new Date(link.expiresAt).toLocaleDateString("en", { day: "numeric", month: "short" })}`
                    : ""}
                </span>
                {link.status === "active" ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-danger"
                    data-testid="revoke-share"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(link.id)}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {revoke.error ? (
          <Callout tone="danger" className="mt-2">
            {revoke.error.message}
          </Callout>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
