// `npm run loupe -- <command> [args]` once the environment is loaded (scripts/cli.ts): finds the
// command, runs it and turns its outcome into the exit code (0 done, 1 failed, 2 a usage mistake).
import { apikeyCreate } from "./apikey-create";
import { dbMigrate } from "./db-migrate";
import { doctor } from "./doctor";
import { UsageError, type Command } from "./types";
import { userCreate } from "./user-create";

export const COMMANDS: Command[] = [doctor, dbMigrate, apikeyCreate, userCreate];

function help(): void {
  console.log("Usage: npm run loupe -- <command> [options]\n\nCommands:");
  for (const c of COMMANDS) console.log(`  ${c.usage.padEnd(52)} ${c.summary}`);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    help();
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`There is no command "${name}".`);
    help();
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nUsage: npm run loupe -- ${command.usage}`);
      return 2;
    }
    console.error(`${command.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
