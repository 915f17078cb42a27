// Flags of one CLI command, parsed by node:util's parseArgs in strict mode: an unknown or misspelt
// flag, a flag without its value, a value given to a switch and any positional argument are
// refused. parseArgs decides; its error is then turned into one plain sentence that names the
// argument at fault (found in the same arguments parsed leniently, as tokens).
import { parseArgs } from "node:util";
import { UsageError } from "./types";

export type FlagSpec =
  | {
      type: "string";
      /** What the flag needs, for "--<flag> needs <needs>." when it has no value. Default "a value". */
      needs?: string;
    }
  | { type: "boolean" };

export type FlagValues<F extends Record<string, FlagSpec>> = {
  [K in keyof F]?: F[K]["type"] extends "string" ? string : boolean;
};

/** `--flag value`, `--flag=value` and bare `--switch`es, as declared in `flags`; nothing else. */
export function parseFlags<const F extends Record<string, FlagSpec>>(
  command: string,
  args: string[],
  flags: F,
): FlagValues<F> {
  const options = Object.fromEntries(Object.entries(flags).map(([name, spec]) => [name, { type: spec.type }]));
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as FlagValues<F>;
  } catch (error) {
    throw new UsageError(describe(command, args, flags, options, error));
  }
}

/** Required string flags: absent and empty are the same mistake as a flag without its value. */
export function missing(flag: string, flags: Record<string, FlagSpec>): UsageError {
  return new UsageError(needsSentence(flag, flags[flag]));
}

function needsSentence(flag: string, spec: FlagSpec | undefined): string {
  return `--${flag} needs ${(spec?.type === "string" && spec.needs) || "a value"}.`;
}

function describe(
  command: string,
  args: string[],
  flags: Record<string, FlagSpec>,
  options: Record<string, { type: FlagSpec["type"] }>,
  error: unknown,
): string {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === "positional") return `Unexpected argument "${token.value}".`;
    if (token.kind !== "option") continue;
    const spec = Object.hasOwn(flags, token.name) ? flags[token.name] : undefined;
    if (!spec) return `There is no flag ${token.rawName} for ${command}.`;
    if (spec.type === "boolean") {
      if (token.value !== undefined) return `--${token.name} takes no value.`;
      continue;
    }
    if (token.value === undefined) return needsSentence(token.name, spec);
    // Strict parsing takes no separate value that starts with a dash: a flag (or `--`) there most
    // likely means the value was left out; a value such as `-x` can be given inline.
    if (!token.inlineValue && token.value.startsWith("-")) {
      return token.value.startsWith("--")
        ? needsSentence(token.name, spec)
        : `The value of --${token.name} starts with a dash; write it as --${token.name}=${token.value}.`;
    }
  }
  // Not expected: parseArgs refused something the walk above accepts. Its own sentence says what.
  return error instanceof Error ? error.message : String(error);
}
