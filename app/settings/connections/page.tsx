import { atLeast } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { getSettingsView } from "@/lib/workspaces/settings-store";
import { AdminOnly } from "../_components/admin-only";
import { ConnectionsPanel } from "./connections-panel";

export const metadata = { title: "Model & tools" };
export const dynamic = "force-dynamic";

export default async function ConnectionsPage() {
  const viewer = await requireViewer("/settings/connections");
  if (!atLeast(viewer.role, "admin")) return <AdminOnly />;
  const view = await getSettingsView(await prisma(), { workspaceId: viewer.workspace.id });
  return <ConnectionsPanel view={view} />;
}
