import { describe, expect, it } from 'vitest';

import { cancellationWording } from '../src/notifications/cancel-reasons';
import { composeOrderCancelledMail } from '../src/notifications/order-cancelled-mail';
import { composeOrderConfirmedMail } from '../src/notifications/order-confirmed-mail';
import type { MailLine } from '../src/notifications/order-lines';
import { orderUrlOf } from '../src/notifications/order-mails';
import { ticketsOf } from '../src/server/tickets/ticket-codes';

/** The e-mails as composed, before SMTP: escaping, wording, links. */

const orderId = '3f2a9c1d-1111-4222-8333-444455556666';
const item = {
  session_id: 'a0000000-0000-4000-8000-000000000001',
  ticket_type_id: 'b0000000-0000-4000-8000-000000000002',
  quantity: 1,
  unit_price: '20.00',
};
const line: MailLine = {
  ...item,
  event_name: 'Rock & <b>Roll</b>',
  location: 'Hall "A"',
  starts_at: '2030-01-11T19:30:00.000Z',
  ticket_type_name: "Fan's pit",
};

describe('order e-mails', () => {
  it('escapes catalog names in the HTML and keeps them as typed in the text', async () => {
    const mail = await composeOrderConfirmedMail({
      eventId: 'c0000000-0000-4000-8000-000000000003',
      orderId,
      customerEmail: 'ada@example.com',
      total: '20.00',
      lines: [line],
      tickets: ticketsOf('a-secret-of-16-chars', orderId, [item]),
      orderUrl: orderUrlOf('https://shop.example/', orderId),
    });
    expect(mail.html).toContain('Rock &amp; &lt;b&gt;Roll&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Roll</b>');
    expect(mail.html).toContain('Hall &quot;A&quot;');
    expect(mail.html).toContain('Fan&#39;s pit');
    expect(mail.text).toContain("You're going to Rock & <b>Roll</b>!");
    expect(mail.text).toContain(`https://shop.example/orders/${orderId}`);
    expect(mail.messageId).toBe('<c0000000-0000-4000-8000-000000000003@notifications.ticketing>');
    expect(mail.attachments).toHaveLength(1);
  });

  it('names every cancellation reason in plain words, refunds as refunds', () => {
    expect(cancellationWording('refunded_by_admin')).toMatchObject({ refunded: true });
    expect(cancellationWording('inventory_unavailable')).toMatchObject({ refunded: true });
    expect(cancellationWording('payment_timeout')).toEqual({
      refunded: false,
      explanation:
        'The payment was not completed in time, so the seats were released. Nothing was charged.',
    });
    expect(cancellationWording('customer').explanation).toContain('You cancelled this order');
    expect(cancellationWording('something_new').explanation).toBe(
      'This order was cancelled. Any tickets it had are no longer valid.',
    );
    const refund = composeOrderCancelledMail({
      eventId: 'd0000000-0000-4000-8000-000000000004',
      orderId,
      customerEmail: 'ada@example.com',
      reason: 'inventory_unavailable',
      total: '20.00',
      lines: [line],
      orderUrl: orderUrlOf('https://shop.example', orderId),
    });
    expect(refund.subject).toBe('Your order for Rock & <b>Roll</b> was refunded (order 3F2A9C1D)');
    expect(refund.text).toContain('refunded your payment in full');
    expect(refund.text).toContain('Refunded: €20.00');
    expect(refund.text).not.toContain('_');
  });
});
