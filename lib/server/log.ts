// Minimal leveled logging to stderr. Internals (stack traces, causes) go here, never to users.
import { env } from "@/lib/env";

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;

function emit(level: Level, message: string, detail?: unknown): void {
  const threshold = levels[safeLevel()];
  if (levels[level] < threshold) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}`;
  if (detail === undefined) console.error(line);
  else console.error(line, detail);
}

function safeLevel(): Level {
  try {
    return env().LOUPE_LOG_LEVEL;
  } catch {
    return "info";
  }
}

export const log = {
  debug: (message: string, detail?: unknown) => emit("debug", message, detail),
  info: (message: string, detail?: unknown) => emit("info", message, detail),
  warn: (message: string, detail?: unknown) => emit("warn", message, detail),
  error: (message: string, detail?: unknown) => emit("error", message, detail),
};
