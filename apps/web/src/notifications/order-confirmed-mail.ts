import { formatDateTime, formatPrice } from '../app/format';
import type { Ticket } from '../server/tickets/ticket-codes';
import { buttonLink, type DetailRow, detailsTable, escapeHtml, mailDocument } from './mail-layout';
import { type MailMessage, messageIdOf } from './mail-message';
import { eventNameOf, type MailLine } from './order-lines';
import { ticketImageCid, ticketQrImages } from './ticket-qr-codes';

export interface ConfirmedOrder {
  eventId: string;
  orderId: string;
  customerEmail: string;
  total: string;
  lines: readonly MailLine[];
  /** The signed tickets, one per seat (`ticketsOf`), the same ones the order page shows. */
  tickets: readonly Ticket[];
  orderUrl: string;
}

/** What a line says about itself: event, date, place, how many of which ticket type. */
export function lineRows(line: MailLine): DetailRow[] {
  return [
    { label: 'Event', value: line.event_name },
    ...(line.starts_at ? [{ label: 'When', value: formatDateTime(line.starts_at) }] : []),
    ...(line.location ? [{ label: 'Where', value: line.location }] : []),
    {
      label: 'Tickets',
      value: `${line.quantity} × ${line.ticket_type_name} (${formatPrice(line.unit_price)} each)`,
    },
  ];
}

export const rowsAsText = (rows: readonly DetailRow[]) =>
  rows.map((row) => `${row.label}: ${row.value}`).join('\n');

/** The confirmation e-mail: order, tickets with one inline QR code each, a link to the order page. */
export async function composeOrderConfirmedMail(order: ConfirmedOrder): Promise<MailMessage> {
  const eventName = eventNameOf(order.lines);
  const typeNames = new Map(
    order.lines.map((line) => [line.ticket_type_id, line.ticket_type_name]),
  );
  const typeOf = (ticket: Ticket) => typeNames.get(ticket.ticket_type_id) ?? 'Ticket';
  const heading = `You're going to ${eventName}!`;
  const seats = order.tickets.length;
  const intro = `Thank you for your order. ${seats === 1 ? 'Your ticket is' : `Your ${seats} tickets are`} below: show one QR code per person at the door.`;
  const orderRows: DetailRow[] = [{ label: 'Order number', value: order.orderId }];
  const totalRow: DetailRow = { label: 'Total', value: formatPrice(order.total) };

  const text = [
    heading,
    '',
    intro,
    '',
    rowsAsText(orderRows),
    ...order.lines.map((line) => rowsAsText(lineRows(line))),
    rowsAsText([totalRow]),
    '',
    'Your tickets:',
    ...order.tickets.map((ticket) => `  ${ticket.label} (${typeOf(ticket)})`),
    '',
    'See your order and print your tickets:',
    order.orderUrl,
    '',
  ].join('\n');

  const ticketCards = order.tickets
    .map(
      (ticket) =>
        `<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:0 0 12px;border:1px solid #e2e8f0;border-radius:8px"><tr>` +
        `<td style="padding:12px;width:168px"><img src="cid:${escapeHtml(ticketImageCid(ticket))}" width="160" height="160" alt="QR code for ticket ${escapeHtml(ticket.label)}" style="display:block;border:0"></td>` +
        `<td style="padding:12px;vertical-align:middle"><div style="font-size:13px;color:#475569">Ticket</div>` +
        `<div style="font-size:16px;font-weight:700;white-space:nowrap;font-family:Menlo,Consolas,monospace">${escapeHtml(ticket.label)}</div>` +
        `<div style="color:#0f172a">${escapeHtml(typeOf(ticket))}</div></td></tr></table>`,
    )
    .join('');

  const html = mailDocument({
    title: heading,
    preheader: `Order ${order.orderId}: ${seats} ${seats === 1 ? 'ticket' : 'tickets'} for ${eventName}`,
    body: [
      `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">${escapeHtml(heading)}</h1>`,
      `<p style="margin:0">${escapeHtml(intro)}</p>`,
      detailsTable([...orderRows, ...order.lines.flatMap(lineRows), totalRow]),
      buttonLink(order.orderUrl, 'View your order'),
      `<h2 style="margin:24px 0 12px;font-size:17px">Your tickets</h2>`,
      ticketCards,
      `<p style="margin:16px 0 0;font-size:13px;color:#475569">The button does not work? Open ${escapeHtml(order.orderUrl)}</p>`,
    ].join('\n'),
  });

  return {
    to: order.customerEmail,
    subject: `Your tickets for ${eventName} (order ${order.orderId.slice(0, 8).toUpperCase()})`,
    text,
    html,
    attachments: await ticketQrImages(order.tickets),
    messageId: messageIdOf(order.eventId),
  };
}
