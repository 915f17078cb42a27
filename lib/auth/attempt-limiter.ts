// Failed sign-ins per key (an account and the address trying it), in memory. After `free`
// failures each further attempt waits, the wait doubling with every failure up to `maxDelayMs`:
// guessing from one address slows to a crawl. Keyed by account and address because a lock on the
// account alone let anyone lock its owner out by failing on purpose from elsewhere; guessing from
// many addresses meets the per-address limit, which a client cannot dodge now that forwarding
// headers count only from trusted proxies (lib/http/client-address). Failures are forgotten
// `windowMs` after the last one, or at a success. Pure apart from the clock, which is injected.
// Bounded: the stalest keys are forgotten first.

export interface AttemptLimiter {
  /** Milliseconds until this key may try again; 0 when it may try now. */
  retryAfterMs(key: string): number;
  fail(key: string): void;
  reset(key: string): void;
}

interface Failures {
  count: number;
  last: number;
}

export function createAttemptLimiter(options: {
  /** Failures before the waits start. */
  free: number;
  /** The first wait; each further failure doubles it. */
  baseDelayMs?: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the last one. */
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}): AttemptLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const failures = new Map<string, Failures>();

  function current(key: string): Failures | undefined {
    const entry = failures.get(key);
    if (entry && now() - entry.last >= options.windowMs) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  }

  return {
    retryAfterMs(key) {
      const entry = current(key);
      if (!entry || entry.count < options.free) return 0;
      const delay = Math.min(baseDelayMs * 2 ** Math.min(entry.count - options.free, 40), options.maxDelayMs);
      return Math.max(0, entry.last + delay - now());
    },
    fail(key) {
      const entry = current(key);
      failures.delete(key); // re-insert: Map order is then least recently failed first
      failures.set(key, { count: (entry?.count ?? 0) + 1, last: now() });
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
