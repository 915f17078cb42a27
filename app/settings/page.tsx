import { atLeast } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { getSignupMode } from "@/lib/db/instance-settings";
import { GeneralPanel } from "./general-panel";

export const metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function GeneralSettingsPage() {
  const viewer = await requireViewer("/settings");
  const signupMode = viewer.isInstanceAdmin ? await getSignupMode(await prisma()) : null;
  return (
    <GeneralPanel
      workspace={viewer.workspace}
      role={viewer.role}
      canRename={atLeast(viewer.role, "admin")}
      userId={viewer.userId}
      workspaces={viewer.workspaces}
      signupMode={signupMode}
    />
  );
}
