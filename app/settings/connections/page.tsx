import { atLeast } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { getAllowedPrivateEndpoints } from "@/lib/db/instance-settings";
import { env } from "@/lib/env";
import { getSettingsView } from "@/lib/workspaces/settings-store";
import { AdminOnly } from "../_components/admin-only";
import { ConnectionsPanel } from "./connections-panel";
import { PrivateEndpoints } from "./private-endpoints";

export const metadata = { title: "Model & tools" };
export const dynamic = "force-dynamic";

export default async function ConnectionsPage() {
  const viewer = await requireViewer("/settings/connections");
  if (!atLeast(viewer.role, "admin")) return <AdminOnly />;
  const db = await prisma();
  const view = await getSettingsView(db, { workspaceId: viewer.workspace.id });
  return (
    <>
      <ConnectionsPanel view={view} />
      {viewer.isInstanceAdmin ? (
        <PrivateEndpoints
          allowed={await getAllowedPrivateEndpoints(db)}
          fromEnvironment={env().LOUPE_ALLOW_PRIVATE_ENDPOINTS}
        />
      ) : null}
    </>
  );
}
