// The operator CLI: `npm run loupe -- <command> [args]`. Each command is a module in scripts/cli/.
// It reads .env files the way the app does (Next.js's loader), so both see the same settings.
import nextEnv from "@next/env";
import { apikeyCreate } from "./cli/apikey-create";
import { dbMigrate } from "./cli/db-migrate";
import { doctor } from "./cli/doctor";
import { UsageError, type Command } from "./cli/types";
import { userCreate } from "./cli/user-create";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const COMMANDS: Command[] = [doctor, dbMigrate, apikeyCreate, userCreate];

function help(): void {
  console.log("Usage: npm run loupe -- <command> [options]\n\nCommands:");
  for (const c of COMMANDS) console.log(`  ${c.usage.padEnd(52)} ${c.summary}`);
}

async function main(argv: string[]): Promise<number> {
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

process.exitCode = await main(process.argv.slice(2));
