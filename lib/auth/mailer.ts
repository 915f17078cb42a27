// Outgoing email (invitations, password resets) through SMTP when SMTP_URL is set. Without it
// nothing is sent and callers show the link to the admin who asked for it instead.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { log } from "@/lib/server/log";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Whether SMTP is configured, so links will be emailed rather than shown. */
  readonly configured: boolean;
  /** True when the message was handed to the SMTP server; false when no SMTP is configured. */
  send(mail: Mail): Promise<boolean>;
}

export function createMailer(options: { url?: string; from?: string }): Mailer {
  let transport: Transporter | undefined;
  return {
    configured: Boolean(options.url),
    async send(mail) {
      if (!options.url) return false;
      transport ??= nodemailer.createTransport(options.url);
      await transport.sendMail({ from: options.from ?? "Loupe <loupe@localhost>", ...mail });
      return true;
    },
  };
}

let cached: Mailer | undefined;

export function mailer(): Mailer {
  cached ??= createMailer({ url: env().SMTP_URL, from: env().SMTP_FROM });
  return cached;
}

/** Send if possible; an SMTP failure is logged and reported as "not sent" so the link can be shown. */
export async function trySend(mail: Mail, via: Mailer = mailer()): Promise<boolean> {
  try {
    return await via.send(mail);
  } catch (error) {
    log.warn(`Could not send email to ${mail.to}; showing the link instead.`, error);
    return false;
  }
}
