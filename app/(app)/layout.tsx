import { AppHeader } from "@/components/shell/app-header";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <AppHeader viewer={null} />
      <main id="main" className="min-h-[calc(100dvh-3.5rem)]">
        {children}
      </main>
    </>
  );
}
