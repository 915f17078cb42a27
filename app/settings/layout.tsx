import Link from "next/link";
import { AppHeader } from "@/components/shell/app-header";
import { atLeast } from "@/lib/auth/roles";
import { getViewer } from "@/lib/auth/viewer";

export const dynamic = "force-dynamic";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  // Each page calls requireViewer(itsOwnPath), so signing in returns to the page that asked.
  const viewer = await getViewer();
  if (!viewer) return children;
  const admin = atLeast(viewer.role, "admin");
  const links = [
    { href: "/settings", label: "General" },
    { href: "/settings/members", label: "Members" },
    ...(admin
      ? [
          { href: "/settings/connections", label: "Model & tools" },
          { href: "/settings/api-keys", label: "API keys" },
          { href: "/settings/audit", label: "Audit log" },
        ]
      : []),
  ];
  return (
    <>
      <AppHeader viewer={viewer} />
      <main id="main" className="mx-auto grid max-w-5xl gap-8 px-4 py-8 sm:grid-cols-[180px_1fr] sm:px-6">
        <nav aria-label="Settings" className="flex gap-1 sm:flex-col">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="hover:bg-muted rounded-md px-2.5 py-1.5 text-sm">
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="grid min-w-0 content-start gap-6">{children}</div>
      </main>
    </>
  );
}
