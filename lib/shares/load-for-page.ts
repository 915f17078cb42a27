// The share page's data, loaded once per request (metadata and page share it) and turned into a
// 404 for any token that does not open a conversation.
import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { recordDenial } from "@/lib/auth/denials";
import { isAppError } from "@/lib/errors";
import { pageError } from "@/lib/http/page-errors";
import type { ExportedConversation } from "@/lib/runs/export";
import { requestClient } from "@/lib/http/request-client";
import { getRuntime } from "@/lib/runs/runtime";
import { loadSharedConversation } from "./shared-conversation";

export const sharedConversationForPage = cache(async (token: string): Promise<ExportedConversation> => {
  const client = requestClient(await headers());
  try {
    return await loadSharedConversation(await getRuntime(), { token, client });
  } catch (error) {
    if (isAppError(error) && error.denial) await recordDenial(error.denial, client);
    // A client refused for guessing tokens sees the same page as for a token that opens nothing.
    if (isAppError(error) && (error.kind === "not_found" || error.kind === "rate_limited")) notFound();
    throw pageError(error);
  }
});
