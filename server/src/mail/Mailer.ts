import type { Transporter } from "nodemailer";
import type { Logger } from "../logger.js";

/** One plain-text message to one address. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** What commands may ask of outgoing mail. Implemented over SMTP (createSmtpMailer). */
export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects if it did not. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Mail through the SMTP server at `url` (smtp:// or smtps://, credentials in the URL).
 *
 * Secrets: a message body may hold a single-use link, and the URL a password. Neither is ever
 * logged: nodemailer's own logger stays off, and only the failure's code is logged, never the
 * message, the recipient's link or the transport options.
 *
 * nodemailer is loaded with the first message, not with the server: most servers send mail
 * rarely, and an idle one should not carry it (issue 16).
 */
export function createSmtpMailer({ url, from, logger }: { url: string; from: string; logger: Logger }): Mailer {
  let transport: Promise<Transporter> | null = null;
  const connect = () =>
    (transport ??= import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(url, { from })));
  return {
    send: async ({ to, subject, text }) => {
      try {
        await (await connect()).sendMail({ to, subject, text });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        logger.error({ code: typeof code === "string" ? code : "unknown" }, "sending mail failed");
        throw new Error("sending mail failed", { cause: error });
      }
    },
    close: () => void transport?.then((opened) => opened.close()),
  };
}
