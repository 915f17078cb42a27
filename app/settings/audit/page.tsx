import { atLeast } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { listAudit } from "@/lib/db/audit";
import { AdminOnly } from "../_components/admin-only";
import { Section } from "../_components/section";

export const metadata = { title: "Audit log" };

export const dynamic = "force-dynamic";

/** The prefix of the API key an entry was made through (lib/db/audit keeps it in `data.apiKey`). */
function keyPrefix(data: unknown): string | null {
  const apiKey = data && typeof data === "object" && "apiKey" in data ? data.apiKey : null;
  return apiKey && typeof apiKey === "object" && "prefix" in apiKey && typeof apiKey.prefix === "string"
    ? apiKey.prefix
    : null;
}

export default async function AuditPage() {
  const viewer = await requireViewer("/settings/audit");
  if (!atLeast(viewer.role, "admin")) return <AdminOnly />;
  const entries = await listAudit(await prisma(), { workspaceId: viewer.workspace.id, limit: 200 });
  return (
    <Section
      title="Audit log"
      description="Membership, role, settings, share and API-key changes, and refused attempts on conversations and share links, newest first."
    >
      {entries.length === 0 ? <p className="text-muted-foreground text-sm">Nothing has changed yet.</p> : null}
      <table className="w-full text-left text-sm" data-testid="audit-log">
        <thead className="text-muted-foreground text-xs">
          <tr>
            <th className="py-2 font-medium">When</th>
            <th className="py-2 font-medium">Who</th>
            <th className="py-2 font-medium">What</th>
            <th className="py-2 font-medium">Details</th>
          </tr>
        </thead>
        <tbody className="divide-border divide-y">
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="py-2 whitespace-nowrap">{e.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
              <td className="py-2">
                {e.actorEmail ?? (e.actorId ? "a former user" : "the system or a visitor")}
                {keyPrefix(e.data) ? ` with API key ${keyPrefix(e.data)}…` : null}
              </td>
              <td className="py-2 font-mono text-xs">{e.action}</td>
              <td className="text-muted-foreground py-2 font-mono text-xs break-all">
                {[e.target, JSON.stringify(e.data) === "{}" ? null : JSON.stringify(e.data)].filter(Boolean).join(" ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
