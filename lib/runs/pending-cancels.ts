// Cancels for runs that are not executing in this process (yet). A run is claimed (status running)
// a few awaits before it registers as active here; a cancel in between would otherwise be lost and
// the run would go on. Every instance remembers such a cancel for a while; only the one that
// executes the run uses it, as the run starts.
export class PendingCancels {
  private readonly since = new Map<string, number>();

  constructor(
    private readonly keepMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Remember a cancel for `runId` (and forget the ones kept longer than `keepMs`). */
  add(runId: string): void {
    const now = this.now();
    for (const [id, at] of this.since) if (now - at > this.keepMs) this.since.delete(id);
    this.since.set(runId, now);
  }

  /** Whether a cancel for `runId` arrived within `keepMs`; it is forgotten either way. */
  take(runId: string): boolean {
    const at = this.since.get(runId);
    this.since.delete(runId);
    return at !== undefined && this.now() - at <= this.keepMs;
  }

  has(runId: string): boolean {
    return this.since.has(runId);
  }
}
