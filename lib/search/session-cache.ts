// Per-conversation memo of search results: the same query (or the same image) in the same
// conversation is answered once, and concurrent identical calls share one provider request.
// Failures are not remembered, so a retry after a timeout really retries. Bounded in sessions,
// entries per session and age, least-recently-used first out.

export interface SessionCacheOptions {
  ttlMs: number;
  maxSessions: number;
  maxEntriesPerSession: number;
  now?: () => number;
}

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

export interface SessionCache<T> {
  /** The remembered value for (sessionId, key), or the result of `compute`, remembered on success. */
  getOrCompute(sessionId: string, key: string, compute: () => Promise<T>): Promise<T>;
  /** How many entries a session holds (for tests and metrics). */
  size(sessionId: string): number;
}

export function createSessionCache<T>(options: SessionCacheOptions): SessionCache<T> {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Map<string, Entry<T>>>();

  function sessionFor(sessionId: string): Map<string, Entry<T>> {
    let s = sessions.get(sessionId);
    if (s) {
      sessions.delete(sessionId); // re-insert: most recently used goes last
    } else {
      s = new Map();
      while (sessions.size >= options.maxSessions) sessions.delete(sessions.keys().next().value as string);
    }
    sessions.set(sessionId, s);
    return s;
  }

  return {
    getOrCompute(sessionId, key, compute) {
      const s = sessionFor(sessionId);
      const hit = s.get(key);
      if (hit && hit.expiresAt > now()) {
        s.delete(key);
        s.set(key, hit);
        return hit.value;
      }
      while (s.size >= options.maxEntriesPerSession) s.delete(s.keys().next().value as string);
      const value = compute();
      const entry: Entry<T> = { value, expiresAt: now() + options.ttlMs };
      s.set(key, entry);
      value.catch(() => {
        if (s.get(key) === entry) s.delete(key);
      });
      return value;
    },
    size: (sessionId) => sessions.get(sessionId)?.size ?? 0,
  };
}
