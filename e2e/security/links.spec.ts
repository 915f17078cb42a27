// Links that leave Loupe take their host only from PUBLIC_BASE_URL or LOUPE_ALLOWED_HOSTS. Without
// them, request-password-reset sent with `Host: evil.example` mailed the victim a link to
// http://evil.example/… carrying a valid token. An app of its own, with SMTP going to a capture
// server on 127.0.0.1 and LOUPE_ALLOWED_HOSTS=127.0.0.1: the forged Host is refused with a sentence
// and nothing is mailed; the real host gets a link whose token resets the password.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { mailText, startSmtpCapture, type SmtpCapture } from "@/lib/auth/testing-smtp";
import { startApp, type AppProcess } from "../support/app-process";

test.describe.configure({ timeout: 180_000 });

const PASSWORD = "correct horse battery staple";
let app: AppProcess;
let smtp: SmtpCapture;
let dataDir: string;

test.beforeAll(async () => {
  smtp = await startSmtpCapture();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-links-"));
  app = await startApp({
    port: 3176,
    env: {
      LOUPE_DATA_DIR: dataDir,
      PUBLIC_BASE_URL: undefined,
      LOUPE_ALLOWED_HOSTS: "127.0.0.1",
      SMTP_URL: smtp.url,
      LOUPE_SANDBOX_ENABLED: "false",
    },
    timeoutMs: 120_000,
  });
});

test.afterAll(async () => {
  await app?.stop();
  await smtp?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A POST as a client that chose its own Host and Origin (fetch does not let a caller set Host). */
function post(
  route: string,
  host: string,
  body: unknown,
  cookie?: string,
): Promise<{ status: number; body: string; cookie: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${app.url}${route}`,
      {
        method: "POST",
        headers: {
          host,
          origin: `http://${host}`,
          "content-type": "application/json",
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            cookie: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; "),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

test("a forged Host gets no reset link mailed; the real host's link resets the password", async () => {
  const realHost = `127.0.0.1:${app.port}`;
  const signUp = await post("/api/auth/sign-up/email", realHost, {
    email: "ada@loupe.test",
    name: "Ada",
    password: PASSWORD,
  });
  expect(signUp.status, signUp.body).toBe(200);

  const forged = await post("/api/auth/request-password-reset", "evil.example", {
    email: "ada@loupe.test",
    redirectTo: "/reset/new",
  });
  expect(forged.status, forged.body).toBe(503);
  expect((JSON.parse(forged.body) as { message: string }).message).toMatch(/evil\.example.*LOUPE_ALLOWED_HOSTS/);
  expect(smtp.messages).toHaveLength(0);

  const real = await post("/api/auth/request-password-reset", realHost, {
    email: "ada@loupe.test",
    redirectTo: "/reset/new",
  });
  expect(real.status, real.body).toBe(200);
  await expect.poll(() => smtp.messages.length).toBe(1);
  const link = new URL(mailText(smtp.messages[0]!).match(/https?:\/\/\S+/)![0]);
  expect(link.origin).toBe(`http://${realHost}`);
  expect(link.pathname).toBe("/reset/new");

  const reset = await post("/api/auth/reset-password", realHost, {
    token: link.searchParams.get("token"),
    newPassword: "a brand new password",
  });
  expect(reset.status, reset.body).toBe(200);
  const signIn = await post("/api/auth/sign-in/email", realHost, {
    email: "ada@loupe.test",
    password: "a brand new password",
  });
  expect(signIn.status, signIn.body).toBe(200);
});

test("an emailed invitation for a forged Host is refused before it is made", async () => {
  const realHost = `127.0.0.1:${app.port}`;
  const signIn = await post("/api/auth/sign-in/email", realHost, {
    email: "ada@loupe.test",
    password: "a brand new password",
  });
  expect(signIn.status, signIn.body).toBe(200);
  const sent = smtp.messages.length;
  const forged = await post(
    "/api/workspaces/current/invitations",
    "evil.example",
    { role: "member", email: "bob@loupe.test" },
    signIn.cookie,
  );
  expect(forged.status, forged.body).toBe(503);
  expect((JSON.parse(forged.body) as { error: { code: string; message: string } }).error).toMatchObject({
    code: "unavailable:public_url",
    message: expect.stringMatching(/LOUPE_ALLOWED_HOSTS/),
  });
  const real = await post(
    "/api/workspaces/current/invitations",
    realHost,
    { role: "member", email: "bob@loupe.test" },
    signIn.cookie,
  );
  expect(real.status, real.body).toBe(201);
  await expect.poll(() => smtp.messages.length).toBe(sent + 1);
  expect(mailText(smtp.messages.at(-1)!)).toContain(`http://${realHost}/invite/`);
});
