import Link from "next/link";
import { ConversationList } from "@/components/conversation/conversation-list";
import { NewConversation } from "@/components/conversation/new-conversation";
import { Callout } from "@/components/ui/callout";
import { atLeast } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { hasModelServer } from "@/lib/workspaces/settings-store";

export default async function HomePage() {
  const viewer = await requireViewer("/");
  const modelReady = await hasModelServer(await prisma(), {
    workspaceId: viewer.workspace.id,
    instanceBaseUrl: env().MODEL_BASE_URL,
  });
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6 sm:py-14">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">What should the model look at?</h1>
      <p className="text-muted-foreground mt-2">
        Ask about an image and watch the model think, crop, measure and search, step by step.
      </p>
      {modelReady ? null : (
        <Callout tone="warning" title="No model server is set up yet" className="mt-6" data-testid="no-model">
          {atLeast(viewer.role, "admin") ? (
            <>
              Questions cannot be answered until there is one. Add your vLLM server&apos;s URL under{" "}
              <Link href="/settings/connections" className="underline underline-offset-2">
                Settings → Model &amp; tools
              </Link>
              , or start Loupe with <code className="font-mono text-xs">MODEL_BASE_URL</code> set.
            </>
          ) : (
            "Questions cannot be answered until there is one. Ask an admin of this workspace to add it under Settings → Model & tools."
          )}
        </Callout>
      )}
      <div className="mt-6">
        <NewConversation />
      </div>
      <h2 className="mt-12 mb-3 text-sm font-medium">Recent conversations</h2>
      <ConversationList />
    </div>
  );
}
