// When the model server says it is busy (HTTP 429 or 503), the call is tried again: at most
// `maxTries` tries in all, within `budgetMs` of the first, waiting as long as its Retry-After asks
// (seconds or an HTTP date) or else a jittered exponential backoff, and never past the budget. Only
// "busy" is retried, and only before any token arrived. Pure: the clock and randomness are passed in.

export interface BusyRetryPolicy {
  /** Tries in all, the first included. */
  maxTries: number;
  /** Every try starts within this long after the first. */
  budgetMs: number;
  /** Backoff before the 2nd try without Retry-After; doubled for each later one. */
  baseDelayMs: number;
  /** Longest single backoff without Retry-After. */
  maxDelayMs: number;
}

export const BUSY_RETRY: BusyRetryPolicy = { maxTries: 3, budgetMs: 30_000, baseDelayMs: 1_000, maxDelayMs: 8_000 };

/** Time, sleep and randomness for the loop, injected so it stays pure (`systemClock` in lib/runs). */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** In [0, 1), for jitter. */
  random(): number;
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - now);
}

/**
 * How long to wait before the next try after `failedTries` busy answers, or null to give up: the
 * tries are used up, or the budget is. Retry-After is honoured but capped at what the budget leaves.
 */
export function busyRetryDelay(input: {
  failedTries: number;
  firstTryAt: number;
  now: number;
  retryAfterMs?: number;
  random: () => number;
  policy?: BusyRetryPolicy;
}): number | null {
  const policy = input.policy ?? BUSY_RETRY;
  if (input.failedTries >= policy.maxTries) return null;
  const left = input.firstTryAt + policy.budgetMs - input.now;
  if (left <= 0) return null;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (input.failedTries - 1));
  const wanted = input.retryAfterMs ?? backoff / 2 + (input.random() * backoff) / 2;
  return Math.round(Math.min(Math.max(0, wanted), left));
}
