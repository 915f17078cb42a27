import { AppHeader } from "@/components/shell/app-header";
import { getViewer } from "@/lib/auth/viewer";

// Pages under this layout call requireViewer(theirPath) themselves, so sign-in returns there.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  return (
    <>
      <AppHeader viewer={viewer} />
      <main id="main" className="min-h-[calc(100dvh-3.5rem)]">
        {children}
      </main>
    </>
  );
}
