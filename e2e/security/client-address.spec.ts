// The per-address sign-in limit counts the connection's peer: rotating X-Forwarded-For (or forging
// Loupe's own address headers) once gave every attempt a fresh budget. Only a proxy listed in
// LOUPE_TRUSTED_PROXIES is believed. Two apps of their own, with 3 sign-in attempts a minute.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp, type AppProcess } from "../support/app-process";

test.describe.configure({ timeout: 180_000 });

const apps: AppProcess[] = [];
const dirs: string[] = [];

async function start(port: number, env: Record<string, string | undefined>): Promise<AppProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-client-address-"));
  dirs.push(dataDir);
  const app = await startApp({
    port,
    env: { LOUPE_DATA_DIR: dataDir, LOUPE_SANDBOX_ENABLED: "false", AUTH_RATE_LIMIT_PER_MINUTE: "3", ...env },
    timeoutMs: 120_000,
  });
  apps.push(app);
  return app;
}

test.afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function signIn(app: AppProcess, headers: Record<string, string>): Promise<number> {
  return fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: app.url, "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: "nobody@loupe.test", password: "not the password" }),
  }).then((r) => r.status);
}

test("rotating X-Forwarded-For and Loupe's own address headers does not dodge the limit", async () => {
  const app = await start(3177, { PUBLIC_BASE_URL: "http://127.0.0.1:3177" });
  const statuses: number[] = [];
  for (let i = 1; i <= 6; i++) {
    statuses.push(
      await signIn(app, {
        "x-forwarded-for": `203.0.113.${i}`,
        "x-loupe-peer-address": `198.51.100.${i}`,
        "x-loupe-client-address": `192.0.2.${i}`,
      }),
    );
  }
  expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
  expect(statuses.slice(3)).toEqual([429, 429, 429]);
});

test("behind a trusted proxy each forwarded client has its own limit", async () => {
  const app = await start(3178, { PUBLIC_BASE_URL: "http://127.0.0.1:3178", LOUPE_TRUSTED_PROXIES: "127.0.0.1" });
  const one: number[] = [];
  for (let i = 0; i < 4; i++) one.push(await signIn(app, { "x-forwarded-for": "203.0.113.10" }));
  expect(one).toEqual([401, 401, 401, 429]);
  expect(await signIn(app, { "x-forwarded-for": "203.0.113.11" })).toBe(401);
});
