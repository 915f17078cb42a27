"use client";
// The trace environment for one conversation: its input images by image_N number and the route
// images are loaded from (the session's blob route, or the share-scoped one).
import { useMemo } from "react";
import { TraceEnvProvider, type InputImage } from "@/components/trace/trace-context";
import type { ExportedConversation } from "@/lib/client/api";

export function ConversationEnv({
  conversation,
  shareToken,
  children,
}: {
  conversation: Pick<ExportedConversation, "turns">;
  /** Set on the share page: images load through the token's route. */
  shareToken?: string;
  children: React.ReactNode;
}) {
  const value = useMemo(() => {
    const inputImages = new Map<number, InputImage>();
    for (const turn of conversation.turns)
      for (const image of turn.images)
        inputImages.set(image.index, { index: image.index, key: image.key, width: image.width, height: image.height });
    const imageUrl = shareToken
      ? (key: string) => `/api/share/${encodeURIComponent(shareToken)}/blobs/${key}`
      : (key: string) => `/api/blobs/${key}`;
    return { inputImages, imageUrl, readOnly: Boolean(shareToken) };
  }, [conversation.turns, shareToken]);
  return <TraceEnvProvider value={value}>{children}</TraceEnvProvider>;
}
