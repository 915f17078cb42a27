// Email goes out through SMTP when configured (checked against a minimal SMTP server that records
// what it receives, ./testing-smtp), and an unreachable server means "not sent" so the link is shown instead.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer, trySend } from "./mailer";
import { startSmtpCapture as startSmtp } from "./testing-smtp";

describe("mailer", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => smtp?.close());

  it("sends through the configured SMTP server", async () => {
    const mailer = createMailer({ url: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`, from: "Loupe <l@example.com>" });
    const sent = await trySend(
      { to: "ada@example.com", subject: "You are invited", text: "Open http://loupe.test/invite/abc" },
      mailer,
    );
    expect(sent).toBe(true);
    expect(smtp.messages.at(-1)).toMatch(/To: ada@example.com/);
    expect(smtp.messages.at(-1)).toMatch(/http:\/\/loupe.test\/invite\/abc/);
  });

  it("reports not sent, without throwing, when SMTP is not configured or unreachable", async () => {
    expect(await trySend({ to: "a@example.com", subject: "s", text: "t" }, createMailer({}))).toBe(false);
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const unreachable = createMailer({ url: `smtp://127.0.0.1:${closed}?ignoreTLS=true&connectionTimeout=2000` });
    expect(await trySend({ to: "a@example.com", subject: "s", text: "t" }, unreachable)).toBe(false);
  });
});
