import { randomUUID } from 'node:crypto';

import { parseEnvelope } from '@ticketing/events/envelope';
import {
  openTestBroker,
  RABBITMQ_URL,
  type TestBroker,
  uniqueEventNames,
} from '@ticketing/events/testing';
import { freePort } from '@ticketing/runtime/testing/free-port';
import { afterAll, beforeAll, describe, expect, inject,it } from 'vitest';

import type { SinkMessage } from '../src/dev/mail-sink-server';
import { createEventWithSession } from './support/catalog-fixtures';
import { waitFor } from './support/purchase-fixtures';
import { startProcess } from './support/service-process';
import { startTestWeb, type TestWeb } from './support/web-test-server';

/**
 * The two entry points as `npm run dev` / `npm start` and the browser tests run them: the SMTP
 * sink (`src/dev/mail-sink.ts`) and the notifications consumer (`src/notifications.ts`) from the
 * environment alone, one event through both, and a clean exit on SIGTERM.
 */

const names = uniqueEventNames('web-notifications-entry');
let web: TestWeb;
let broker: TestBroker;

beforeAll(async () => {
  // Only for the migrated, emptied ticketing_main_test and its catalog fixtures.
  web = await startTestWeb();
  await web.reset();
  broker = await openTestBroker(names);
});
afterAll(async () => {
  await broker?.close();
  await web?.close();
});

describe('notifications entry points', () => {
  it('the sink and the consumer start from env, deliver an order.confirmed e-mail, and exit 0 on SIGTERM', async () => {
    const smtpPort = await freePort();
    const sink = await startProcess({
      app: 'web',
      entry: 'src/dev/mail-sink.ts',
      env: { MAIL_SINK_SMTP_PORT: String(smtpPort) },
      portVariable: 'MAIL_SINK_HTTP_PORT',
      readyPath: '/healthz',
    });
    const notifications = await startProcess({
      app: 'web',
      entry: 'src/notifications.ts',
      env: {
        DATABASE_URL_MAIN: web.databaseUrl,
        DB_POOL_SIZE: '2',
        RABBITMQ_URL,
        EVENTS_EXCHANGE: names.exchange,
        EVENTS_QUEUE_PREFIX: names.queuePrefix,
        EVENTS_RETRY_DELAYS_MS: names.retryDelaysMs.join(','),
        ORDERS_URL: inject('ordersUrl'),
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        PUBLIC_URL: 'http://tickets.test',
      },
      portVariable: 'HEALTH_PORT',
      readyPath: '/healthz',
    });
    try {
      const ready = await waitFor(
        async () => {
          const response = await fetch(`${notifications.url}/readyz`);
          return response.status === 200 && ((await response.json()) as unknown);
        },
        { what: 'the consumer ready' },
      );
      expect(ready).toEqual({
        status: 'ready',
        checks: { database: 'ok', rabbitmq: 'ok', smtp: 'ok' },
      });

      const { session, standard } = await createEventWithSession(web.db, 'Entry Gig');
      const orderId = randomUUID();
      const email = `entry-${randomUUID()}@example.com`;
      await broker.publish(
        parseEnvelope({
          event_id: randomUUID(),
          event_type: 'order.confirmed',
          occurred_at: new Date().toISOString(),
          aggregate_id: orderId,
          idempotency_key: null,
          payload: {
            order_id: orderId,
            hold_id: randomUUID(),
            customer_email: email,
            total_amount: '100.00',
            items: [
              {
                session_id: session.id,
                ticket_type_id: standard.id,
                quantity: 2,
                unit_price: '50.00',
              },
            ],
          },
        }),
      );
      const [mail] = await waitFor(
        async () => {
          const response = await fetch(`${sink.url}/messages?to=${encodeURIComponent(email)}`);
          const messages = (await response.json()) as SinkMessage[];
          return messages.length > 0 && messages;
        },
        { what: 'the e-mail in the sink' },
      );
      expect(mail).toMatchObject({
        to: [email],
        from: expect.stringContaining('tickets@localhost'),
        subject: expect.stringContaining('Entry Gig'),
        text: expect.stringContaining(`http://tickets.test/orders/${orderId}`),
      });
      expect(mail?.attachments).toHaveLength(2);
    } finally {
      expect(await notifications.stop()).toBe(0);
      expect(await sink.stop()).toBe(0);
    }
  });
});
