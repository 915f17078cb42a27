"use client";
// The home page's composer: creates a conversation with the first question, then opens it.
import { useRouter } from "next/navigation";
import { useAskQuestion } from "@/lib/client/queries";
import { Composer } from "./composer";

export function NewConversation() {
  const router = useRouter();
  const ask = useAskQuestion();
  return (
    <Composer
      label="New question"
      placeholder="Attach an image and ask what you want to know about it…"
      autoFocus
      onSubmit={async (submission) => {
        const { conversationId } = await ask.mutateAsync(submission);
        router.push(`/c/${conversationId}`);
      }}
    />
  );
}
