import { formatPrice } from '../app/format';
import { cancellationWording } from './cancel-reasons';
import { buttonLink, type DetailRow, detailsTable, escapeHtml, mailDocument } from './mail-layout';
import { type MailMessage, messageIdOf } from './mail-message';
import { lineRows, rowsAsText } from './order-confirmed-mail';
import { eventNameOf, type MailLine } from './order-lines';

export interface CancelledOrder {
  eventId: string;
  orderId: string;
  customerEmail: string;
  /** `order.cancelled`.reason: customer, payment_timeout, inventory_unavailable, refunded_by_admin… */
  reason: string;
  total: string;
  lines: readonly MailLine[];
  orderUrl: string;
}

/** The cancellation (or refund) e-mail, with the reason in plain words. */
export function composeOrderCancelledMail(order: CancelledOrder): MailMessage {
  const eventName = eventNameOf(order.lines);
  const { refunded, explanation } = cancellationWording(order.reason);
  const heading = refunded
    ? `Your order for ${eventName} was refunded`
    : `Your order for ${eventName} was cancelled`;
  const rows: DetailRow[] = [
    { label: 'Order number', value: order.orderId },
    ...order.lines.flatMap(lineRows),
    { label: refunded ? 'Refunded' : 'Total', value: formatPrice(order.total) },
  ];

  const text = [
    heading,
    '',
    explanation,
    '',
    rowsAsText(rows),
    '',
    'See your order:',
    order.orderUrl,
    '',
  ].join('\n');

  const html = mailDocument({
    title: heading,
    preheader: explanation,
    body: [
      `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">${escapeHtml(heading)}</h1>`,
      `<p style="margin:0">${escapeHtml(explanation)}</p>`,
      detailsTable(rows),
      buttonLink(order.orderUrl, 'View your order'),
      `<p style="margin:16px 0 0;font-size:13px;color:#475569">The button does not work? Open ${escapeHtml(order.orderUrl)}</p>`,
    ].join('\n'),
  });

  return {
    to: order.customerEmail,
    subject: `${heading} (order ${order.orderId.slice(0, 8).toUpperCase()})`,
    text,
    html,
    attachments: [],
    messageId: messageIdOf(order.eventId),
  };
}
