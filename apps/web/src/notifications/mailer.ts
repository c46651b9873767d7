import nodemailer from 'nodemailer';

import type { MailMessage } from './mail-message';

export interface Mailer {
  /** Resolves once the SMTP server accepted the message; any failure rejects (the event is retried). */
  send(message: MailMessage): Promise<void>;
  /** Connects and greets the server (readiness). */
  verify(): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer. Short timeouts: a silent server fails the attempt (and the event goes
 * to its retry queue) instead of holding a database connection for minutes.
 */
export function createMailer({ smtpUrl, from }: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        attachments: message.attachments.map((image) => ({
          filename: image.filename,
          contentType: image.contentType,
          cid: image.cid,
          content: image.content,
          contentDisposition: 'inline' as const,
        })),
      });
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
