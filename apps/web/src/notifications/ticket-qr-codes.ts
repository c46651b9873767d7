import QRCode from 'qrcode';

import type { Ticket } from '../server/tickets/ticket-codes';
import type { InlineImage } from './mail-message';

/** Medium error correction and a quiet zone: scannable from a phone screen or a print-out. */
const qrOptions = { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 } as const;

/** The PNG of one signed ticket code (deterministic: the same code gives the same bytes). */
export const qrPng = (code: string): Promise<Buffer> => QRCode.toBuffer(code, qrOptions);

export const ticketImageCid = (ticket: Pick<Ticket, 'label'>) =>
  `ticket-${ticket.label.toLowerCase()}@ticketing`;

/** One inline QR image per ticket, in ticket order. */
export function ticketQrImages(tickets: readonly Ticket[]): Promise<InlineImage[]> {
  return Promise.all(
    tickets.map(async (ticket) => ({
      filename: `ticket-${ticket.label}.png`,
      contentType: 'image/png' as const,
      cid: ticketImageCid(ticket),
      content: await qrPng(ticket.code),
    })),
  );
}
