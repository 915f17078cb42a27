// The operator CLI: `npm run loupe -- <command> [args]`. Each command is a module in scripts/cli/;
// each parses its flags strictly (scripts/cli/flags.ts), so a misspelt flag is refused.
// It reads .env files the way the app does (Next.js's loader), so both see the same settings.
import nextEnv from "@next/env";
import { main } from "./cli/main";

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

process.exitCode = await main(process.argv.slice(2));
