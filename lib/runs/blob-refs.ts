// Which stored images an event shows: every ImageRef ({ key, width, height, mediaType }) anywhere
// inside it. Recorded per run so blob access can be checked against the run's conversation.
const KEY = /^[0-9a-f]{64}$/;

export function imageKeysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) imageKeysOf(item, into);
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.key === "string" && KEY.test(record.key) && typeof record.mediaType === "string")
      into.add(record.key);
    for (const child of Object.values(record)) if (child && typeof child === "object") imageKeysOf(child, into);
  }
  return into;
}
