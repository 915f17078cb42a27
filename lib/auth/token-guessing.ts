// Guessing tokens (share links, public image links): a client that asks for more than `max`
// tokens that do not exist within a minute is refused every token lookup until the oldest of
// those misses is a minute old, the working tokens included, so guessing cannot go on at speed.
// Revoked and expired share links do not count: they were real links. In memory, per process,
// on globalThis so every route bundle shares one limiter; the clock is injected for tests.
// Bounded: the stalest clients are forgotten first.
import { AppError } from "@/lib/errors";

/** Unknown tokens one client may try per minute before its lookups are refused. */
export const UNKNOWN_TOKENS_PER_MINUTE = 20;

export interface GuessLimiter {
  /** Milliseconds until the client may look tokens up again; 0 when it may now. */
  retryAfterMs(client: string): number;
  /** The client asked for a token that opens nothing. */
  miss(client: string): void;
}

export function createGuessLimiter(options: {
  max: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}): GuessLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const misses = new Map<string, number[]>();
  const recent = (client: string) => (misses.get(client) ?? []).filter((t) => t > now() - options.windowMs);
  return {
    retryAfterMs(client) {
      const times = recent(client);
      if (times.length === 0) misses.delete(client);
      if (times.length < options.max) return 0;
      return times[times.length - options.max]! + options.windowMs - now();
    },
    miss(client) {
      const times = [...recent(client), now()].slice(-options.max);
      misses.delete(client); // re-insert: Map order is then least recently missed first
      misses.set(client, times);
      while (misses.size > maxKeys) misses.delete(misses.keys().next().value!);
    },
  };
}

const g = globalThis as typeof globalThis & { __loupeTokenGuessing?: GuessLimiter };

export function tokenGuessing(): GuessLimiter {
  g.__loupeTokenGuessing ??= createGuessLimiter({ max: UNKNOWN_TOKENS_PER_MINUTE, windowMs: 60_000 });
  return g.__loupeTokenGuessing;
}

/** Throws `rate_limited:share` while the client is refused lookups. */
export function requireNotGuessing(client: string, limiter: GuessLimiter = tokenGuessing()): void {
  const waitMs = limiter.retryAfterMs(client);
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError(
      "rate_limited:share",
      `Too many links that do not work were opened from your address. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
    );
  }
}
