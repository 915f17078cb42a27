// The web server Playwright tests run against: the built app on a fresh embedded data directory,
// talking to the mock vLLM server and the fake search providers through the same environment
// variables production uses. Writes an API key for the `api` project to e2e/.state/api-key.
//   node --conditions=react-server --import tsx e2e/support/serve.ts
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createOwnedApiKey } from "@/lib/auth/test-actor";
import { openDatabase } from "@/lib/db/client";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { setSignupMode } from "@/lib/db/instance-settings";
import { UI_USER } from "../ui/session";
import { startSearchFakes } from "../mocks/search";
import { startMockVllm } from "../mocks/vllm/server";
import { startApp } from "./app-process";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const STATE_DIR = fileURLToPath(new URL("../.state", import.meta.url));

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-e2e-"));
  const vllm = await startMockVllm({ tokensPerSecond: Number(process.env.E2E_TOKENS_PER_SECOND ?? 200) });
  const search = await startSearchFakes();

  // The UI tests' account is the instance admin (created as an operator would, with the CLI);
  // sign-up is then opened so the account specs can create people in any order.
  const cli = spawnSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "scripts/cli.ts",
      "user:create",
      "--admin",
      "--email",
      UI_USER.email,
      "--name",
      UI_USER.name,
      "--password",
      UI_USER.password,
    ],
    { env: { ...process.env, LOUPE_DATA_DIR: dataDir, NODE_OPTIONS: undefined }, encoding: "utf8" },
  );
  if (cli.status !== 0) throw new Error(`Creating the UI test user failed:\n${cli.stdout}${cli.stderr}`);

  const database = await openDatabase({ dataDir, poolSize: 1 });
  await database.withSession(async (s) => applyMigrations(s, await readMigrations()));
  await setSignupMode(database.prisma, "open");
  // The key acts for an API-only owner of the default workspace (keys act for a person).
  const key = await createOwnedApiKey(database.prisma, { slug: "default", workspaceName: "Default", name: "e2e" });
  await database.close();
  await fs.mkdir(STATE_DIR, { recursive: true });
  await fs.writeFile(path.join(STATE_DIR, "api-key"), key);
  await fs.writeFile(path.join(STATE_DIR, "mock-vllm-url"), vllm.url);

  const app = await startApp({
    port: E2E_PORT,
    env: {
      ...search.env,
      LOUPE_DATA_DIR: dataDir,
      MODEL_BASE_URL: vllm.url,
      PUBLIC_BASE_URL: `http://127.0.0.1:${E2E_PORT}`,
      SANDBOX_CELL_TIMEOUT_SECONDS: "30",
      SANDBOX_POOL_SIZE: "1",
      LOUPE_RUN_STALE_SECONDS: "10",
      LOUPE_LOG_LEVEL: "warn",
      // Workspace settings in the UI and API specs point at the fakes on 127.0.0.1, which an admin
      // must allow like a LAN host (e2e/security/ssrf.spec.ts runs an app without this).
      LOUPE_ALLOW_PRIVATE_ENDPOINTS: "127.0.0.1",
    },
    timeoutMs: 120_000,
  });
  app.child.stdout!.pipe(process.stdout);
  app.child.stderr!.pipe(process.stderr);
  console.log(`Loupe e2e server on ${app.url} (data in ${dataDir}, mock vLLM at ${vllm.url})`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.stop();
    await Promise.all([vllm.close(), search.close()]);
    await fs.rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  app.child.on("exit", (code) => {
    if (!stopping) {
      console.error(`The app exited unexpectedly (code ${code}).`);
      process.exit(1);
    }
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
