import nodemailer from "nodemailer";
import { config } from "../config";
import { db } from "../db/client";
import { log } from "../log/logger";

export interface Email {
  to: string;
  subject: string;
  text: string;
}

let transport: nodemailer.Transporter | undefined;

/**
 * Sends through SMTP when SMTP_URL is set; otherwise keeps the message in the local outbox
 * table (readable at /dev/outbox from this machine). Addresses and bodies never reach the
 * log: they carry reset links.
 */
export async function sendEmail(email: Email): Promise<void> {
  const c = config();
  if (c.SMTP_URL) {
    transport ??= nodemailer.createTransport(c.SMTP_URL);
    await transport.sendMail({ from: `Switchboard <no-reply@${new URL(c.APP_URL).hostname}>`, ...email });
    log().info({ transport: "smtp", subject: email.subject }, "email sent");
    return;
  }
  await db().outboxEmail.create({ data: { ...email, transport: "outbox", sentAt: new Date() } });
  log().info({ transport: "outbox", subject: email.subject }, "email stored in the local outbox");
}

/** The local outbox is readable only when there is no SMTP and the app is not served over https. */
export function outboxEnabled(): boolean {
  const c = config();
  return !c.SMTP_URL && !c.isHttps;
}

export async function outboxFor(to?: string, take = 50) {
  return db().outboxEmail.findMany({
    where: to ? { to: to.toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take,
  });
}
