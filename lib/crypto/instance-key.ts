// The key that encrypts workspace secrets at rest and signs short-lived URLs. Taken from
// LOUPE_SECRET, otherwise generated once into the data directory (mode 0600) and reused, so an
// embedded install needs no configuration and keeps its key across restarts.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

let cached: Buffer | undefined;

export function secretFile(dataDir = env().LOUPE_DATA_DIR): string {
  return path.join(dataDir, "secret.key");
}

/** Read or create the secret; returns the raw text. */
export function loadOrCreateSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = secretFile(dataDir);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64");
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw error;
  }
}

/** 32 bytes derived from the secret, for AES-256-GCM and HMAC. */
export function secretKey(): Buffer {
  if (!cached) {
    const e = env();
    cached = createHash("sha256").update(loadOrCreateSecret(e.LOUPE_DATA_DIR, e.LOUPE_SECRET)).digest();
  }
  return cached;
}
