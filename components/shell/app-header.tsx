// The signed-in app's top bar: home, new conversation, and the user menu.
import { Plus } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Logo } from "./logo";
import { UserMenu, type UserMenuViewer } from "./user-menu";

export function AppHeader({ viewer }: { viewer: UserMenuViewer | null }) {
  return (
    <header
      data-testid="app-header"
      className="border-border bg-background/85 supports-[backdrop-filter]:bg-background/70 sticky top-0 z-30 border-b backdrop-blur"
    >
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:px-6">
        <Link href="/" className="rounded-md" aria-label="Loupe, all conversations">
          <Logo />
        </Link>
        {viewer ? (
          <span className="text-muted-foreground hidden truncate text-sm sm:inline" data-testid="workspace-name">
            / {viewer.workspace.name}
          </span>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <Button asChild size="sm" variant="outline">
            <Link href="/" data-testid="new-conversation">
              <Plus /> New
            </Link>
          </Button>
          {viewer ? <UserMenu viewer={viewer} /> : null}
        </div>
      </div>
    </header>
  );
}
