// The browser's calls to Loupe's own API (with the session cookie). Every failure becomes an
// `ApiError` carrying the server's plain sentence, so components can show `error.message` as is.
import type { ExportedConversation } from "@/lib/runs/export";
import type { RunSummary } from "@/lib/runs/status";
import type { ShareLinkView } from "@/lib/shares/service";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ConversationListItem {
  id: string;
  title: string;
  visibility: "private" | "workspace";
  turns: number;
  createdAt: string;
  updatedAt: string;
}

export type { ExportedConversation, ExportedTurn } from "@/lib/runs/export";
export type { ShareLinkView } from "@/lib/shares/service";
export type CreatedShare = ShareLinkView & { url: string };

export type { RunStatus, RunSummary } from "@/lib/runs/status";
export { isActiveRun } from "@/lib/runs/status";

async function failure(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status} ${response.statusText}.`.replace(" .", ".");
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(response.status, body.error?.code ?? "http:error", body.error?.message ?? fallback);
  } catch {
    return new ApiError(response.status, "http:error", fallback);
  }
}

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init });
  } catch {
    throw new ApiError(0, "network:offline", "Loupe could not be reached. Check your connection and try again.");
  }
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const jsonInit = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});

export const api = {
  listConversations: (cursor?: string) =>
    apiFetch<{ items: ConversationListItem[]; nextCursor: string | null }>(
      `/api/v1/conversations?limit=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    ),
  getConversation: (id: string) => apiFetch<ExportedConversation>(`/api/v1/conversations/${id}`),
  createConversation: () => apiFetch<{ id: string }>("/api/v1/conversations", jsonInit("POST", {})),
  askQuestion: (conversationId: string, input: { question: string; images: File[] }) => {
    const form = new FormData();
    form.set("question", input.question);
    for (const image of input.images) form.append("images", image, image.name);
    return apiFetch<{ runId: string; turnId: string }>(`/api/v1/conversations/${conversationId}/turns`, {
      method: "POST",
      body: form,
    });
  },
  getRun: (runId: string) => apiFetch<RunSummary>(`/api/v1/runs/${runId}`),
  runAction: (runId: string, action: "cancel" | "retry" | "continue") =>
    apiFetch<RunSummary | { runId: string }>(`/api/v1/runs/${runId}/${action}`, jsonInit("POST")),
  listShares: (conversationId: string) =>
    apiFetch<{ items: ShareLinkView[] }>(`/api/conversations/${conversationId}/shares`),
  createShare: (conversationId: string, expires: string) =>
    apiFetch<CreatedShare>(`/api/conversations/${conversationId}/shares`, jsonInit("POST", { expires })),
  revokeShare: (conversationId: string, shareId: string) =>
    apiFetch<void>(`/api/conversations/${conversationId}/shares/${shareId}`, { method: "DELETE" }),
};
