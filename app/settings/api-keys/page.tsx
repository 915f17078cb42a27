import { atLeast } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { listApiKeyViews } from "@/lib/db/api-keys";
import { AdminOnly } from "../_components/admin-only";
import { ApiKeysPanel } from "./api-keys-panel";

export const metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  const viewer = await requireViewer("/settings/api-keys");
  if (!atLeast(viewer.role, "admin")) return <AdminOnly />;
  const keys = await listApiKeyViews(await prisma(), { workspaceId: viewer.workspace.id });
  return <ApiKeysPanel keys={keys} />;
}
