// Loupe without PUBLIC_BASE_URL, reached by an address other than the one Next.js listens on
// (a LAN name or IP, as on a team's own server): signing up and in works, because the app takes
// its origin from the address the browser used, and a foreign Origin is still refused.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startApp, type AppProcess } from "../support/app-process";

test.describe.configure({ timeout: 120_000 });

let app: AppProcess;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-addresses-"));
  app = await startApp({
    port: 3168,
    env: { LOUPE_DATA_DIR: dataDir, PUBLIC_BASE_URL: undefined, LOUPE_SANDBOX_ENABLED: "false" },
  });
});

test.afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("sign-up works at whatever address the browser used, and other sites are still refused", async () => {
  const host = `loupe.lan:${app.port}`; // the app listens on 127.0.0.1; the browser asked for loupe.lan
  // node:http, because fetch does not let a caller choose the Host header.
  const post = (origin: string, email: string) =>
    new Promise<{ status: number; body: string; cookie: string }>((resolve, reject) => {
      const req = http.request(
        `${app.url}/api/auth/sign-up/email`,
        { method: "POST", headers: { host, origin, "content-type": "application/json" } },
        (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body, cookie: String(res.headers["set-cookie"]) }),
          );
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ email, name: "Lan", password: "correct horse battery staple" }));
    });
  const forged = await post("http://evil.example", "evil@loupe.test");
  expect(forged.status).toBe(403);
  const res = await post(`http://${host}`, "lan@loupe.test");
  expect(res.status, res.body).toBe(200);
  expect(res.cookie).toContain("loupe");
});
