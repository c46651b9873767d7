/** One e-mail as the consumer hands it to SMTP: both parts, inline images by CID. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: InlineImage[];
  /**
   * Derived from the event id, so a rare second send of the same event (crash between sending and
   * committing) carries the same Message-ID and mail clients can fold the two.
   */
  messageId: string;
}

export interface InlineImage {
  filename: string;
  contentType: 'image/png';
  /** Referenced from the HTML as `cid:<cid>`. */
  cid: string;
  content: Buffer;
}

export const messageIdOf = (eventId: string) => `<${eventId}@notifications.ticketing>`;
