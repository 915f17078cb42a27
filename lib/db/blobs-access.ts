// May this workspace (and viewer) see this blob? Yes when an input image or a run's trace in one
// of its conversations the viewer can see shows it.
import "server-only";
import type { Db } from "./client";
import { visibleTo, type Reader } from "./conversations";

export async function blobVisibleInWorkspace(
  db: Db,
  input: { key: string; workspaceId: string; reader: Reader },
): Promise<boolean> {
  const conversation = { workspaceId: input.workspaceId, ...visibleTo(input.reader) };
  const [asInput, inTrace] = await Promise.all([
    db.conversationImage.findFirst({ where: { blobKey: input.key, conversation }, select: { id: true } }),
    db.runBlob.findFirst({ where: { blobKey: input.key, run: { conversation } }, select: { runId: true } }),
  ]);
  return Boolean(asInput ?? inTrace);
}
