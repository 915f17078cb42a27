// A workspace's life: created (a personal one for every user, team ones by anyone, who owns
// them), renamed by its admins, deleted with everything in it by its owner. Each change by a person
// is checked against their role and written to the audit log.
import "server-only";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/db/audit";
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  renameWorkspace as setWorkspaceName,
} from "@/lib/db/workspaces";
import { AppError } from "@/lib/errors";
import type { Manager } from "./members";

/** The personal workspace every user has, named after them ("Ada's workspace", else "My workspace"). */
export async function createPersonalWorkspace(db: Db, input: { userId: string; userName: string | null | undefined }) {
  return createWorkspace(db, { name: `${input.userName || "My"}'s workspace`, ownerId: input.userId, personal: true });
}

/** A team workspace owned by `userId`; its slug comes from the name, suffixed when taken. */
export async function createTeamWorkspace(db: Db, input: { userId: string; name: string }) {
  const workspace = await createWorkspace(db, { name: input.name, ownerId: input.userId });
  await recordAudit(db, { workspaceId: workspace.id, actorId: input.userId, action: "workspace.created" });
  return workspace;
}

/** Rename the actor's workspace (the route lets admins and owners do it). */
export async function renameWorkspace(db: Db, actor: Manager, input: { name: string }) {
  const before = await getWorkspace(db, { id: actor.workspaceId });
  await setWorkspaceName(db, { workspaceId: actor.workspaceId, name: input.name });
  await recordAudit(db, {
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: "workspace.renamed",
    data: { from: before?.name ?? null, to: input.name },
  });
}

/** Delete the workspace and everything in it. The caller must confirm by typing its slug. */
export async function removeWorkspace(db: Db, actor: Manager, input: { confirm: string }) {
  if (actor.role !== "owner") throw new AppError("forbidden:workspace", "Only the owner can delete a workspace.");
  const workspace = await getWorkspace(db, { id: actor.workspaceId });
  if (!workspace) throw new AppError("not_found:workspace", "There is no such workspace.");
  if (workspace.personal) throw new AppError("bad_request:workspace", "A personal workspace cannot be deleted.");
  if (input.confirm !== workspace.slug) {
    throw new AppError("bad_request:confirm", `Type the workspace's slug (${workspace.slug}) to confirm.`);
  }
  await deleteWorkspace(db, { workspaceId: workspace.id });
  // The audit entry of a deleted workspace goes with it; keep an instance-level record.
  await recordAudit(db, {
    workspaceId: null,
    actorId: actor.userId,
    action: "workspace.deleted",
    target: workspace.slug,
  });
}
