// Small formatting helpers for durations, dates and byte counts, the same everywhere.

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.floor(seconds % 60)} s`;
}

/** "just now", "5 min ago", "3 h ago", then a date. */
export function formatRelative(iso: string, now: Date): string {
  const then = new Date(iso);
  const diff = now.getTime() - then.getTime();
  if (Number.isNaN(diff)) return "";
  if (diff < 60_000) return "just now";
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} min ago`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)} h ago`;
  return then.toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric" });
}

/** The code inside a ```python fence (or the text itself when it has none). */
export function codeBody(source: string): string {
  const match = /^\s*```[\w-]*\n?([\s\S]*?)(?:\n?```\s*)?$/.exec(source);
  return (match ? match[1]! : source).replace(/\s+$/, "");
}
