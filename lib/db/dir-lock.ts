// PGlite must be opened by exactly one process. PGlite itself does not say so clearly when a
// second process opens the same directory, so we hold a pid lock file beside it and turn a
// conflict into a sentence. A lock left by a dead process is taken over.
import fs from "node:fs";
import path from "node:path";

export class DirectoryInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by another Loupe process (pid ${pid}). ` +
        `Stop that process, point LOUPE_DATA_DIR at another directory, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DirectoryInUseError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Take the lock on `dir` for this process; returns a function that releases it. */
export function lockDirectory(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "loupe.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener("exit", release);
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(file, "utf8").trim());
      if (holder === process.pid) throw new DirectoryInUseError(dir, holder);
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new DirectoryInUseError(dir, holder);
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dir}.`);
}
