// Secrets at rest: AES-256-GCM under the instance key (./instance-key), a fresh 96-bit IV per value,
// and the value's context (workspace and setting name) as associated data, so a ciphertext copied
// to another workspace or setting fails to decrypt instead of leaking there. Format:
// "v1.<iv>.<ciphertext>.<tag>" in base64url.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export class SecretDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptError";
  }
}

export function encryptSecret(plaintext: string, key: Buffer, context: string): string {
  if (key.length !== 32) throw new Error("The secret key must be 32 bytes.");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), ciphertext.toString("base64url"), tag.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, key: Buffer, context: string): string {
  const [version, iv, ciphertext, tag] = sealed.split(".");
  if (version !== VERSION || iv === undefined || ciphertext === undefined || tag === undefined) {
    throw new SecretDecryptError("A stored secret has an unknown format.");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptError(
      "A stored secret could not be decrypted. Was LOUPE_SECRET changed? Enter the secret again in the workspace settings.",
    );
  }
}
