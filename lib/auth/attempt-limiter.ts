// Failed sign-ins per account, in memory: after `max` failures within `windowMs` the account's
// sign-in is refused until the oldest failure ages out. This backs up the per-address limit,
// which a client can dodge by forging X-Forwarded-For when Loupe is reached without a proxy.
// Pure apart from the clock, which is injected. Bounded: the stalest accounts are forgotten first.

export interface AttemptLimiter {
  /** Milliseconds until the account may try again; 0 when it may try now. */
  retryAfterMs(key: string): number;
  fail(key: string): void;
  reset(key: string): void;
}

export function createAttemptLimiter(options: {
  max: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}): AttemptLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const failures = new Map<string, number[]>();

  function recent(key: string): number[] {
    const cutoff = now() - options.windowMs;
    const times = (failures.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  }

  return {
    retryAfterMs(key) {
      const times = recent(key);
      if (times.length < options.max) return 0;
      return times[times.length - options.max]! + options.windowMs - now();
    },
    fail(key) {
      const times = recent(key);
      times.push(now());
      failures.delete(key); // re-insert: Map order is then least recently failed first
      failures.set(key, times.slice(-options.max));
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
