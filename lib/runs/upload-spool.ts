// Where a multipart turn's images are written as they arrive, instead of memory: one directory
// per request under <data dir>/uploads, read back once the whole form was accepted and removed
// when the request is done, whichever way it ends. Directories left by a process that died
// mid-upload are removed the first time this process opens one.
import "server-only";
import { createWriteStream, type WriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

/** Older than any upload still going: Node's own request timeout is 5 minutes. */
const STALE_MS = 60 * 60 * 1000;
const swept = new Set<string>();

export class UploadSpool {
  readonly #files: { out: WriteStream; closed: Promise<number> }[] = [];

  private constructor(readonly dir: string) {}

  static async open(root: string): Promise<UploadSpool> {
    await fs.mkdir(root, { recursive: true });
    if (!swept.has(root)) {
      swept.add(root);
      await removeStale(root);
    }
    return new UploadSpool(await fs.mkdtemp(path.join(root, "turn-")));
  }

  /**
   * Write `stream` to the file `name`, keeping to the pace the disk takes; resolves with its size
   * once it is all on disk, rejects if the disk refuses it.
   */
  write(name: string, stream: Readable): Promise<number> {
    const out = createWriteStream(path.join(this.dir, name));
    const closed = new Promise<number>((resolve, reject) => {
      out.on("error", reject);
      out.on("close", () => resolve(out.bytesWritten));
    });
    closed.catch(() => undefined); // the caller hears of it; remove() only waits for it
    this.#files.push({ out, closed });
    stream.pipe(out);
    return closed;
  }

  read(name: string): Promise<Buffer> {
    return fs.readFile(path.join(this.dir, name));
  }

  /** Stops the writes still going and removes the directory with everything in it. */
  async remove(): Promise<void> {
    for (const { out } of this.#files) out.destroy();
    await Promise.allSettled(this.#files.map((f) => f.closed));
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

async function removeStale(root: string): Promise<void> {
  const cutoff = Date.now() - STALE_MS;
  for (const entry of await fs.readdir(root)) {
    const dir = path.join(root, entry);
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && stat.mtimeMs < cutoff) await fs.rm(dir, { recursive: true, force: true });
  }
}
