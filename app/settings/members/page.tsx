import { atLeast } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { listPendingInvitations } from "@/lib/db/invitations";
import { listMembers } from "@/lib/db/memberships";
import { MembersPanel } from "./members-panel";

export const metadata = { title: "Members" };
export const dynamic = "force-dynamic";

export default async function MembersPage() {
  const viewer = await requireViewer("/settings/members");
  const db = await prisma();
  const admin = atLeast(viewer.role, "admin");
  const members = await listMembers(db, { workspaceId: viewer.workspace.id });
  const invitations = admin
    ? await listPendingInvitations(db, { workspaceId: viewer.workspace.id, now: new Date() })
    : [];
  return (
    <MembersPanel
      me={{ userId: viewer.userId, role: viewer.role }}
      personal={viewer.workspace.personal}
      members={members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role }))}
      invitations={invitations.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role,
        expiresAt: i.expiresAt.toISOString(),
      }))}
    />
  );
}
