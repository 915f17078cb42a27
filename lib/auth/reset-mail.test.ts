// Password-reset email: the link it carries is built from PUBLIC_BASE_URL or from a Host listed in
// LOUPE_ALLOWED_HOSTS, never from a Host the requester made up. `request-password-reset` sent with
// `Host: evil.example` once mailed the victim http://evil.example/… carrying a valid token.
// Through better-auth's handler on a real database, with a real SMTP capture.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { asRequested } from "@/lib/http/request-origin";
import { createMailer } from "./mailer";
import { PASSWORD, startAuthTestApp, type AuthTestApp } from "./testing";
import { mailText, startSmtpCapture, type SmtpCapture } from "./testing-smtp";

/** request-password-reset as the route passes it on without PUBLIC_BASE_URL (lib/http/request-origin). */
function resetRequest(host: string, email: string): Request {
  return asRequested(
    new Request("http://localhost:3000/api/auth/request-password-reset", {
      method: "POST",
      headers: { host, origin: `http://${host}`, "content-type": "application/json", "x-forwarded-for": "192.0.2.50" },
      body: JSON.stringify({ email, redirectTo: "/reset/new" }),
    }),
  );
}

const links = (smtp: SmtpCapture) => smtp.messages.map((m) => mailText(m).match(/https?:\/\/\S+/)?.[0]);

describe("password-reset email with a forged Host", { timeout: 120_000 }, () => {
  let smtp: SmtpCapture;
  let app: AuthTestApp | undefined;
  const start = async (options: { baseURL?: string; allowedHosts?: string[] }) => {
    app = await startAuthTestApp("pglite", { ...options, mailer: createMailer({ url: smtp.url }) });
    await app.signUp({ email: "ada@example.com" });
    return app;
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
  });
  afterEach(async () => {
    await app?.dispose();
    app = undefined;
  });
  afterAll(async () => smtp?.close());

  it("refuses to mail a link when neither PUBLIC_BASE_URL nor LOUPE_ALLOWED_HOSTS is set, naming them", async () => {
    const app = await start({});
    const sent = smtp.messages.length;
    const response = await app.auth.handler(resetRequest("evil.example", "ada@example.com"));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toMatch(/PUBLIC_BASE_URL.*LOUPE_ALLOWED_HOSTS/);
    // The same answer for an address with no account: the refusal tells nothing about accounts.
    expect((await app.auth.handler(resetRequest("evil.example", "nobody@example.com"))).status).toBe(503);
    expect(smtp.messages.length).toBe(sent);
  });

  it("mails a link on PUBLIC_BASE_URL whatever Host the request named", async () => {
    const app = await start({ baseURL: "http://localhost:3000" });
    const sent = smtp.messages.length;
    const response = await app.auth.handler(
      new Request("http://localhost:3000/api/auth/request-password-reset", {
        method: "POST",
        headers: { host: "evil.example", origin: "http://localhost:3000", "content-type": "application/json" },
        body: JSON.stringify({ email: "ada@example.com", redirectTo: "/reset/new" }),
      }),
    );
    expect(response.status).toBe(200);
    expect(smtp.messages.length).toBe(sent + 1);
    expect(links(smtp).at(-1)).toMatch(/^http:\/\/localhost:3000\/reset\/new\?token=/);
  });

  it("mails a link on a listed host, whose token resets the password, and refuses an unlisted one", async () => {
    const app = await start({ allowedHosts: ["localhost:3000"] });
    const refused = await app.auth.handler(resetRequest("evil.example", "ada@example.com"));
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { message: string }).message).toMatch(/evil\.example.*LOUPE_ALLOWED_HOSTS/);

    const sent = smtp.messages.length;
    expect((await app.auth.handler(resetRequest("localhost:3000", "ada@example.com"))).status).toBe(200);
    expect(smtp.messages.length).toBe(sent + 1);
    const link = new URL(links(smtp).at(-1)!);
    expect(link.origin).toBe("http://localhost:3000");
    expect(link.pathname).toBe("/reset/new");
    const reset = await app.auth.handler(
      app.request("/api/auth/reset-password", {
        method: "POST",
        body: JSON.stringify({ token: link.searchParams.get("token"), newPassword: "a brand new password" }),
      }),
    );
    expect(reset.status).toBe(200);
    expect((await app.signIn({ email: "ada@example.com", password: "a brand new password" })).status).toBe(200);
    expect((await app.signIn({ email: "ada@example.com", password: PASSWORD })).status).toBe(401);
  });
});
