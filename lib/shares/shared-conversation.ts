// What a share link shows: the conversation's export with image URLs scoped to the token, so the
// page works signed out and a token never opens more than its one conversation.
import "server-only";
import { exportSharedConversation, type ExportedConversation } from "@/lib/runs/export";
import type { Runtime } from "@/lib/runs/runtime";
import { resolveShareToken } from "./service";

export function sharedBlobPath(token: string, key: string): string {
  return `/api/share/${encodeURIComponent(token)}/blobs/${key}`;
}

export async function loadSharedConversation(
  runtime: Runtime,
  input: { token: string; client: string },
): Promise<ExportedConversation> {
  const { token } = input;
  const scope = await resolveShareToken(runtime.database.prisma, input);
  return exportSharedConversation(runtime, {
    ...scope,
    blobUrl: (key) => sharedBlobPath(token, key),
  });
}
