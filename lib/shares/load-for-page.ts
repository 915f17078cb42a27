// The share page's data, loaded once per request (metadata and page share it) and turned into a
// 404 for any token that does not open a conversation.
import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { isAppError } from "@/lib/errors";
import type { ExportedConversation } from "@/lib/runs/export";
import { getRuntime } from "@/lib/runs/runtime";
import { loadSharedConversation } from "./shared-conversation";

export const sharedConversationForPage = cache(async (token: string): Promise<ExportedConversation> => {
  try {
    return await loadSharedConversation(await getRuntime(), token);
  } catch (error) {
    if (isAppError(error) && error.kind === "not_found") notFound();
    throw error;
  }
});
