import type { Metadata } from "next";
import { SharedConversation } from "@/components/conversation/shared-conversation";
import { sharedConversationForPage } from "@/lib/shares/load-for-page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const conversation = await sharedConversationForPage((await params).token);
  const question = conversation.turns[0]?.question ?? conversation.title;
  const title = question.length > 90 ? `${question.slice(0, 89)}…` : question || "Shared conversation";
  const answer = conversation.turns.at(-1)?.answer;
  const description = answer
    ? `Answer: ${answer.slice(0, 160)}`
    : "A visual trace of an agentic vision model, shared with Loupe.";
  return {
    title,
    description,
    robots: { index: false, follow: false },
    referrer: "no-referrer",
    openGraph: { title, description, type: "article", siteName: "Loupe" },
    twitter: { card: "summary", title, description },
  };
}

// GET /s/:token – a shared conversation, read-only, for anyone with the link
export default async function SharePage({ params }: Props) {
  const { token } = await params;
  const conversation = await sharedConversationForPage(token);
  return <SharedConversation conversation={conversation} token={token} />;
}
