// Test support: just enough SMTP to accept messages one at a time (greeting, EHLO, MAIL, RCPT,
// DATA, QUIT) and record them, on 127.0.0.1, so tests read what Loupe really mailed.
import net from "node:net";

export interface SmtpCapture {
  port: number;
  /** smtp:// URL for SMTP_URL or createMailer. */
  url: string;
  messages: string[];
  close(): Promise<void>;
}

export function startSmtpCapture(): Promise<SmtpCapture> {
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
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
        messages,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    }),
  );
}

/** The message's body, with quoted-printable soft line breaks and escapes undone when it is so encoded. */
export function mailText(message: string): string {
  const end = message.indexOf("\r\n\r\n");
  const head = end < 0 ? "" : message.slice(0, end);
  const body = end < 0 ? message : message.slice(end + 4);
  if (!/^content-transfer-encoding:\s*quoted-printable/im.test(head)) return body;
  return body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
