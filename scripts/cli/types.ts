// One operator command of `npm run loupe -- <name> [args]`.
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

/** A mistake in the command line; the CLI prints its sentence and the command's usage, and exits 2. */
export class UsageError extends Error {}
