// Search health for the health endpoint. Providers with a free probe are asked live (SearXNG: a
// tiny JSON search on the operator's own instance; SerpAPI: the Account API, which costs no
// search credit). Paid-per-call providers are not probed, so as not to spend credits: their status
// is the outcome of the most recent real search (ok until one fails).

import { PortError } from "@/lib/agent/ports";
import type { ProviderChoice } from "./config";
import { requestProviderJson } from "./provider-http";
import { IMAGE_PROVIDERS, TEXT_PROVIDERS, type ImageProviderId, type TextProviderId } from "./providers";

export interface SearchHealth {
  status: "ok" | "down" | "not_configured";
  reason: string;
  latencyMs: number;
}

interface Outcome {
  ok: boolean;
  reason: string;
  latencyMs: number;
}

export interface HealthCheck {
  /** Run a provider call and remember how it went. */
  track<T>(kind: "text" | "image", call: () => Promise<T>): Promise<T>;
  check(): Promise<SearchHealth>;
}

export function createHealthCheck(input: {
  text: ProviderChoice<TextProviderId> | null;
  lens: ProviderChoice<ImageProviderId> | null;
  timeoutMs: number;
  /** How SearXNG is reached (the guarded fetch for a workspace's own instance). */
  searxngFetch?: typeof fetch;
}): HealthCheck {
  const last: Partial<Record<"text" | "image", Outcome>> = {};
  const { text, lens } = input;

  async function probe(label: string, run: () => Promise<unknown>, okReason: string): Promise<SearchHealth> {
    const started = performance.now();
    try {
      await run();
      return { status: "ok", reason: okReason, latencyMs: Math.round(performance.now() - started) };
    } catch (e) {
      const reason = e instanceof PortError ? e.message : `${label} health check failed.`;
      return { status: "down", reason, latencyMs: Math.round(performance.now() - started) };
    }
  }

  return {
    async track(kind, call) {
      const started = performance.now();
      try {
        const value = await call();
        last[kind] = {
          ok: true,
          reason: "the last search succeeded",
          latencyMs: Math.round(performance.now() - started),
        };
        return value;
      } catch (e) {
        // Only provider faults mark it down; a cancelled run says nothing about the provider.
        if (e instanceof PortError && e.code !== "search_not_configured") {
          last[kind] = { ok: false, reason: e.message, latencyMs: Math.round(performance.now() - started) };
        }
        throw e;
      }
    },

    async check() {
      if (!text && !lens) {
        return { status: "not_configured", reason: "No search provider is configured.", latencyMs: 0 };
      }
      const http = { timeoutMs: input.timeoutMs, maxRetryAfterMs: 0 };
      if (text?.id === "searxng") {
        const spec = TEXT_PROVIDERS.searxng;
        return probe(
          "SearXNG",
          () => requestProviderJson(spec, spec.request("loupe", 1, text), { ...http, fetch: input.searxngFetch }),
          "SearXNG answered a test search.",
        );
      }
      if (text?.id === "serpapi") {
        const spec = TEXT_PROVIDERS.serpapi;
        const url = `${text.baseUrl}/account.json?${new URLSearchParams({ api_key: text.apiKey })}`;
        return probe(
          "SerpAPI",
          () => requestProviderJson(spec, { url, method: "GET", headers: { accept: "application/json" } }, http),
          "SerpAPI accepted the API key.",
        );
      }
      const label = text
        ? TEXT_PROVIDERS[text.id].label
        : IMAGE_PROVIDERS[(lens as ProviderChoice<ImageProviderId>).id].label;
      const outcome = last.text ?? last.image;
      if (!outcome) return { status: "ok", reason: `${label} is configured; no search has run yet.`, latencyMs: 0 };
      return outcome.ok
        ? { status: "ok", reason: `${label}: ${outcome.reason}.`, latencyMs: outcome.latencyMs }
        : { status: "down", reason: outcome.reason, latencyMs: outcome.latencyMs };
    },
  };
}
