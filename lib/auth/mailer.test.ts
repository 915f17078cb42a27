// Email goes out through SMTP when configured (checked against a minimal SMTP server that records
// what it receives), and an unreachable server means "not sent" so the link is shown instead.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer, trySend } from "./mailer";

/** Just enough SMTP to accept one message at a time: greeting, EHLO, MAIL, RCPT, DATA, QUIT. */
function startSmtp(): Promise<{ port: number; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let data = false;
    let body = "";
    let buffer = "";
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (data) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          body += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          messages.push(body);
          data = false;
          body = "";
          socket.write("250 queued\r\n");
          continue;
        }
        const line = buffer.indexOf("\r\n");
        if (line < 0) return;
        const command = buffer.slice(0, line).toUpperCase();
        buffer = buffer.slice(line + 2);
        if (command.startsWith("EHLO") || command.startsWith("HELO")) socket.write("250 test\r\n");
        else if (command.startsWith("DATA")) {
          data = true;
          socket.write("354 go on\r\n");
        } else if (command.startsWith("QUIT")) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        messages,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

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
