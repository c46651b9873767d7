import { randomUUID } from 'node:crypto';

import { consumedEvents } from '@ticketing/db/main/consumed-events';
import type { ConsumeOutcome } from '@ticketing/events/consumer';
import { type EnvelopeOf, type EventPayload, parseEnvelope } from '@ticketing/events/envelope';
import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { consumerQueueNames } from '@ticketing/events/topology';
import { createLogger } from '@ticketing/log/logger';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject,it } from 'vitest';

import { type MailSink, type SinkMessage, startMailSink } from '../src/dev/mail-sink-server';
import { notificationsQueueName } from '../src/notifications/notifications-consumer';
import {
  type NotificationsProcess,
  startNotifications,
} from '../src/notifications/start-notifications';
import { qrPng } from '../src/notifications/ticket-qr-codes';
import { ticketsOf } from '../src/server/tickets/ticket-codes';
import { createEventWithSession } from './support/catalog-fixtures';
import { body, buyer, waitFor } from './support/purchase-fixtures';
import { startTestWeb, type TestWeb } from './support/web-test-server';

/**
 * The notifications consumer against real RabbitMQ, PostgreSQL (ticketing_main_test), the run's
 * orders service and the SMTP sink in-process: events in, e-mails out, read back from the sink.
 */

const SECRET = 'notifications-test-signing-secret';
const PUBLIC_URL = 'http://shop.test:3000';
const names = { ...uniqueEventNames('web-notifications'), retryDelaysMs: [150, 600] };
const outcomes: ConsumeOutcome[] = [];

let web: TestWeb;
let broker: TestBroker;
let sink: MailSink;
let notifications: NotificationsProcess;

beforeAll(async () => {
  web = await startTestWeb();
  await web.reset();
  broker = await openTestBroker(names);
  sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
  notifications = await startNotifications({
    databaseUrl: web.databaseUrl,
    dbPoolSize: 2,
    events: {
      url: RABBITMQ_URL,
      exchange: names.exchange,
      queuePrefix: names.queuePrefix,
      retryDelaysMs: names.retryDelaysMs,
      prefetch: 2,
    },
    ordersUrl: inject('ordersUrl'),
    ordersTimeoutMs: 3_000,
    circuitResetMs: 500,
    smtpUrl: sink.smtpUrl,
    mailFrom: 'Ticketing <tickets@shop.test>',
    publicUrl: PUBLIC_URL,
    ticketSigningSecret: SECRET,
    healthPort: 0,
    logger: createLogger('notifications-test', 'silent'),
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  await notifications.waitForBroker();
});
afterAll(async () => {
  await notifications?.stop();
  await sink?.close();
  await broker?.close();
  await web?.close();
});
beforeEach(async () => {
  await sink.resume();
  sink.clear();
});

function envelopeOf<T extends 'order.confirmed' | 'order.cancelled'>(
  eventType: T,
  payload: EventPayload<T>,
): EnvelopeOf<T> {
  return parseEnvelope({
    event_id: randomUUID(),
    event_type: eventType,
    occurred_at: new Date().toISOString(),
    aggregate_id: payload.order_id,
    idempotency_key: null,
    correlation_id: `req-${randomUUID()}`,
    payload,
  }) as EnvelopeOf<T>;
}

const outcomesOf = (eventId: string) => outcomes.filter((outcome) => outcome.eventId === eventId);

/** Waits until `count` deliveries of the event are settled (applied, duplicate or dead-lettered). */
const settled = (eventId: string, count = 1) =>
  waitFor(
    async () => {
      const done = outcomesOf(eventId).filter((outcome) => outcome.result !== 'retry_scheduled');
      return done.length >= count && done;
    },
    { timeoutMs: 15_000, what: `${count} settled deliveries of ${eventId}` },
  );

const mailTo = (address: string) =>
  sink.messages().filter((message) => message.to.includes(address));

async function confirmedOrderOf(
  quantity: number,
  customerEmail = `buyer-${randomUUID()}@example.com`,
) {
  const { event, session, standard } = await createEventWithSession(web.db, 'Night of Jazz');
  const payload: EventPayload<'order.confirmed'> = {
    order_id: randomUUID(),
    hold_id: randomUUID(),
    customer_email: customerEmail,
    total_amount: (quantity * 50).toFixed(2),
    items: [{ session_id: session.id, ticket_type_id: standard.id, quantity, unit_price: '50.00' }],
  };
  return { event, payload, envelope: envelopeOf('order.confirmed', payload) };
}

describe('/metrics', () => {
  it("shows the orders circuit's state", async () => {
    const scrape = await (
      await fetch(`http://127.0.0.1:${notifications.healthPort}/metrics`)
    ).text();
    expect(scrape).toMatch(/^circuit_breaker_state\{service="orders",process="web-notifications"\} 0$/m);
  });
});

describe('order.confirmed', () => {
  it('sends one e-mail with the order, a QR code per ticket encoding its signed code, and the order link', async () => {
    const { payload, envelope } = await confirmedOrderOf(3);
    await broker.publish(envelope);
    const [outcome] = await settled(envelope.event_id);
    expect(outcome?.result).toBe('applied');

    const mails = mailTo(payload.customer_email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    if (!mail) throw new Error('no mail');
    expect(mail.to).toEqual([payload.customer_email]);
    expect(mail.from).toContain('tickets@shop.test');
    expect(mail.subject).toBe(
      `Your tickets for Night of Jazz (order ${payload.order_id.slice(0, 8).toUpperCase()})`,
    );
    const orderUrl = `${PUBLIC_URL}/orders/${payload.order_id}`;
    const tickets = ticketsOf(SECRET, payload.order_id, payload.items);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(orderUrl);
      expect(part).toContain(payload.order_id);
      expect(part).toContain('Night of Jazz');
      expect(part).toContain('Standard');
      expect(part).toContain('€150.00');
      for (const ticket of tickets) expect(part).toContain(ticket.label);
    }
    expect(mail.text).toContain('3 × Standard (€50.00 each)');
    expect(mail.text).toContain('When: ');

    // One inline PNG per seat, referenced from the HTML, each exactly the QR code of its ticket.
    expect(mail.attachments).toHaveLength(3);
    for (const [index, ticket] of tickets.entries()) {
      const attachment = mail.attachments[index];
      expect(attachment).toMatchObject({ contentType: 'image/png' });
      expect(mail.html).toContain(`src="cid:${attachment?.cid}"`);
      expect(mail.html).toContain(`alt="QR code for ticket ${ticket.label}"`);
      expect(mail.attachmentContents[index]?.equals(await qrPng(ticket.code))).toBe(true);
    }
    expect(await consumedRow(envelope.event_id)).toEqual([{ eventType: 'order.confirmed' }]);
  });

  it('sends nothing more for a duplicate event_id', async () => {
    const { payload, envelope } = await confirmedOrderOf(1);
    await broker.publish(envelope);
    await settled(envelope.event_id);
    await broker.publish(envelope);
    const deliveries = await settled(envelope.event_id, 2);
    expect(deliveries.map((outcome) => outcome.result)).toEqual(['applied', 'duplicate']);
    expect(mailTo(payload.customer_email)).toHaveLength(1);
  });

  it('shows the mail over the sink HTTP API: GET /messages, DELETE /messages', async () => {
    const { payload, envelope } = await confirmedOrderOf(2);
    await broker.publish(envelope);
    await settled(envelope.event_id);
    const listed = (await (await fetch(`${sink.httpUrl}/messages`)).json()) as SinkMessage[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      to: [payload.customer_email],
      subject: expect.stringContaining('Night of Jazz'),
      text: expect.stringContaining(`/orders/${payload.order_id}`),
      html: expect.stringContaining('<h1'),
      received_at: expect.any(String),
    });
    expect(listed[0]?.attachments).toHaveLength(2);
    expect(listed[0]?.attachments[0]).toMatchObject({
      contentType: 'image/png',
      cid: expect.any(String),
      size: expect.any(Number),
    });
    expect(listed[0]).not.toHaveProperty('attachmentContents');
    const filtered = await fetch(`${sink.httpUrl}/messages?to=nobody@example.com`);
    expect(await filtered.json()).toEqual([]);
    expect((await fetch(`${sink.httpUrl}/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${sink.httpUrl}/messages`)).json()).toEqual([]);
    expect(await (await fetch(`${sink.httpUrl}/healthz`)).json()).toEqual({ status: 'ok' });
  });
});

const consumedRow = (eventId: string) =>
  web.db
    .select({ eventType: consumedEvents.eventType })
    .from(consumedEvents)
    .where(eq(consumedEvents.eventId, eventId));

/** A real order in the run's orders service, checked out under `email` (not the hold's address). */
async function cancelledOrder(email: string) {
  const { session, vip } = await createEventWithSession(web.db, 'Opera Gala');
  const api = buyer(web.baseUrl);
  const hold = await api.hold({ sessionId: session.id, ticketTypeId: vip.id }, 2);
  expect(hold.status).toBe(201);
  const holdId = String(body(hold).hold_id);
  const checkout = await api.checkout(holdId, randomUUID(), { customer_email: email });
  expect(checkout.body).toMatchObject({ status: 'pending' });
  const orderId = String(body(checkout).order_id);
  expect((await api.cancel(orderId)).status).toBe(200);
  return { orderId, holdId };
}

describe('order.cancelled', () => {
  it('sends the cancellation to the address of the order, with the reason in plain words', async () => {
    const email = `checkout-${randomUUID()}@example.com`;
    const { orderId, holdId } = await cancelledOrder(email);
    const envelope = envelopeOf('order.cancelled', {
      order_id: orderId,
      hold_id: holdId,
      reason: 'customer',
    });
    await broker.publish(envelope);
    expect((await settled(envelope.event_id))[0]?.result).toBe('applied');

    const mails = mailTo(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe(
      `Your order for Opera Gala was cancelled (order ${orderId.slice(0, 8).toUpperCase()})`,
    );
    expect(mail?.text).toContain('You cancelled this order before paying. Nothing was charged.');
    expect(mail?.text).toContain('2 × VIP');
    expect(mail?.text).toContain('€241.00');
    expect(mail?.text).toContain(`${PUBLIC_URL}/orders/${orderId}`);
    expect(mail?.html).toContain('Nothing was charged.');
    expect(mail?.attachments).toEqual([]);
    // The hold's own address (buyer@example.com) got nothing.
    expect(mailTo('buyer@example.com')).toEqual([]);
  });

  it('says an order refunded by the admin was refunded', async () => {
    const email = `refund-${randomUUID()}@example.com`;
    const { orderId, holdId } = await cancelledOrder(email);
    const envelope = envelopeOf('order.cancelled', {
      order_id: orderId,
      hold_id: holdId,
      reason: 'refunded_by_admin',
    });
    await broker.publish(envelope);
    await settled(envelope.event_id);
    const [mail] = mailTo(email);
    expect(mail?.subject).toContain('Your order for Opera Gala was refunded');
    expect(mail?.text).toContain('The organiser refunded this order.');
    expect(mail?.text).toContain('Refunded: €241.00');
  });
});

describe('SMTP outage', () => {
  it('retries a send the SMTP server refused and delivers once it is back', async () => {
    const { payload, envelope } = await confirmedOrderOf(2);
    await sink.pause();
    await broker.publish(envelope);
    await waitFor(
      async () => outcomesOf(envelope.event_id).some((o) => o.result === 'retry_scheduled'),
      { what: 'a retry scheduled' },
    );
    expect(mailTo(payload.customer_email)).toEqual([]);
    // Not recorded as consumed: the failed attempt rolled back.
    expect(await consumedRow(envelope.event_id)).toEqual([]);
    await sink.resume();

    const [delivered] = await settled(envelope.event_id);
    expect(delivered).toMatchObject({ result: 'applied' });
    expect(delivered?.attempt).toBeGreaterThanOrEqual(2);
    const mails = mailTo(payload.customer_email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.attachments).toHaveLength(2);
  });

  it('dead-letters the event after 3 failed attempts, without any e-mail', async () => {
    const { payload, envelope } = await confirmedOrderOf(1);
    await sink.pause();
    await broker.publish(envelope);
    const [last] = await settled(envelope.event_id);
    expect(last).toMatchObject({ result: 'dead_lettered', attempt: 3 });
    expect(outcomesOf(envelope.event_id).map((o) => `${o.attempt}:${o.result}`)).toEqual([
      '1:retry_scheduled',
      '2:retry_scheduled',
      '3:dead_lettered',
    ]);
    const { deadLetterQueue } = consumerQueueNames(
      notificationsQueueName(names.queuePrefix),
      names.retryDelaysMs,
    );
    await waitFor(async () => (await broker.messageCount(deadLetterQueue)) === 1, {
      what: 'the event in the DLQ',
    });
    await sink.resume();
    expect(mailTo(payload.customer_email)).toEqual([]);
  });
});
