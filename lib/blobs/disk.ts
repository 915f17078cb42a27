import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { assertBlobKey, type BlobStore } from "./store";

/** Blobs as files under `<root>/<ab>/<cd>/<key>`, written atomically (temp file, then rename). */
export class DiskBlobStore implements BlobStore {
  readonly kind = "disk" as const;

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async write(key: string, data: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    try {
      await fs.access(file);
      return; // content-addressed: already there means identical
    } catch {
      // not there yet
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  }

  async read(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }
}
