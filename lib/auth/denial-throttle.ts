// How often a refused attempt may write to the audit log: at most one entry per key (a client, a
// workspace and what was refused) per window, each saying how many attempts it stands for. The
// attempts refused in between are counted into the next entry, so a flood of probes is recorded
// without flooding the log. In memory, per process; the clock is injected so tests need no waiting.
// Bounded: the stalest keys are forgotten first.

export interface DenialThrottle {
  /**
   * Count one attempt. Returns how many attempts an audit entry written now stands for (this one
   * and those held back since the key's last entry), or 0 when this one is held back.
   */
  take(key: string): number;
}

export function createDenialThrottle(options: {
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}): DenialThrottle {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { writtenAt: number; heldBack: number }>();
  return {
    take(key) {
      const t = now();
      const last = windows.get(key);
      if (last && t - last.writtenAt < options.windowMs) {
        last.heldBack++;
        return 0;
      }
      windows.delete(key); // re-insert: Map order is then least recently written first
      windows.set(key, { writtenAt: t, heldBack: 0 });
      while (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
      return (last?.heldBack ?? 0) + 1;
    },
  };
}
