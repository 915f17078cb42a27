import { ConversationList } from "@/components/conversation/conversation-list";
import { NewConversation } from "@/components/conversation/new-conversation";
import { requireViewer } from "@/lib/auth/viewer";

export default async function HomePage() {
  await requireViewer("/");
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6 sm:py-14">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">What should the model look at?</h1>
      <p className="text-muted-foreground mt-2">
        Ask about an image and watch the model think, crop, measure and search, step by step.
      </p>
      <div className="mt-6">
        <NewConversation />
      </div>
      <h2 className="mt-12 mb-3 text-sm font-medium">Recent conversations</h2>
      <ConversationList />
    </div>
  );
}
