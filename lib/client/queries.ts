"use client";
// TanStack Query hooks over `api`: one query key per resource, invalidated by the mutations that
// change it, so every view of a conversation agrees.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, isActiveRun, type RunSummary } from "./api";

export const queryKeys = {
  conversations: ["conversations"] as const,
  conversation: (id: string) => ["conversation", id] as const,
  run: (id: string) => ["run", id] as const,
  shares: (conversationId: string) => ["shares", conversationId] as const,
};

export function useConversations() {
  return useInfiniteQuery({
    queryKey: queryKeys.conversations,
    queryFn: ({ pageParam }) => api.listConversations(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useConversation(id: string) {
  return useQuery({ queryKey: queryKeys.conversation(id), queryFn: () => api.getConversation(id) });
}

/** A run's summary; polled while it waits in the queue (its position changes without events). */
export function useRun(runId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.run(runId ?? "none"),
    queryFn: () => api.getRun(runId!),
    enabled: Boolean(runId),
    refetchInterval: (query) => (query.state.data?.status === "queued" ? 2_000 : false),
  });
}

/** Ask a question: in a new conversation when `conversationId` is absent. */
export function useAskQuestion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { conversationId?: string; question: string; images: File[] }) => {
      const conversationId = input.conversationId ?? (await api.createConversation()).id;
      const { runId } = await api.askQuestion(conversationId, input);
      return { conversationId, runId };
    },
    onSuccess: ({ conversationId }) => {
      void client.invalidateQueries({ queryKey: queryKeys.conversation(conversationId) });
      void client.invalidateQueries({ queryKey: queryKeys.conversations });
    },
  });
}

export function useRunAction(conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { runId: string; action: "cancel" | "retry" | "continue" }) =>
      api.runAction(input.runId, input.action),
    onSuccess: (result, input) => {
      if ("status" in result) client.setQueryData<RunSummary>(queryKeys.run(input.runId), result);
      void client.invalidateQueries({ queryKey: queryKeys.conversation(conversationId) });
    },
  });
}

/** Refresh the conversation once a run it is following ends (answers, statuses, run list). */
export function useRefreshWhenRunEnds(conversationId: string) {
  const client = useQueryClient();
  return (summary: RunSummary | undefined) => {
    if (summary && !isActiveRun(summary.status)) {
      client.setQueryData(queryKeys.run(summary.id), summary);
      void client.invalidateQueries({ queryKey: queryKeys.conversation(conversationId) });
      void client.invalidateQueries({ queryKey: queryKeys.conversations });
    }
  };
}

export function useShares(conversationId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.shares(conversationId),
    queryFn: () => api.listShares(conversationId),
    enabled,
  });
}

export function useCreateShare(conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (expires: string) => api.createShare(conversationId, expires),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.shares(conversationId) }),
  });
}

export function useRevokeShare(conversationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (shareId: string) => api.revokeShare(conversationId, shareId),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.shares(conversationId) }),
  });
}
