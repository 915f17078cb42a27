import type { Metadata } from "next";
import { ConversationView } from "@/components/conversation/conversation-view";
import { requireViewer } from "@/lib/auth/viewer";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireViewer(`/c/${id}`);
  return <ConversationView key={id} id={id} />;
}
