import { setTimeout as sleep } from 'node:timers/promises';

import { withRequestId } from '@ticketing/log/request-context';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { appendOutbox,NUDGE_COALESCE_MS, OUTBOX_CHANNEL } from '../src/outbox-writer';
import { openTestDatabase, outbox,type TestDatabase } from './support/database';
import { holdCreatedEvent } from './support/fixtures';
import { waitFor } from './support/wait-for';

describe('appendOutbox', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase('orders');
  });
  afterAll(() => database.close());
  beforeEach(() => database.truncate());

  it('writes the validated envelope as an unpublished row, with the current request id', async () => {
    const event = holdCreatedEvent();
    const envelope = await withRequestId('req-42', () =>
      database.db.transaction((tx) =>
        appendOutbox(tx, outbox, { ...event, idempotencyKey: 'key-1' }),
      ),
    );

    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, envelope.event_id));
    expect(row).toMatchObject({
      eventType: 'hold.created',
      aggregateId: event.aggregateId,
      idempotencyKey: 'key-1',
      correlationId: 'req-42',
      payload: event.payload,
      publishedAt: null,
      attempts: 0,
    });
    expect(row?.occurredAt.toISOString()).toBe(envelope.occurred_at);
    expect(envelope.correlation_id).toBe('req-42');
  });

  it('refuses an invalid payload and leaves the transaction to fail', async () => {
    const event = holdCreatedEvent();
    await expect(
      database.db.transaction((tx) =>
        appendOutbox(tx, outbox, { ...event, payload: { ...event.payload, quantity: -1 } }),
      ),
    ).rejects.toThrow(/payload\.quantity/);
    expect(await database.db.select({ id: outbox.id }).from(outbox)).toEqual([]);
  });

  it('notifies the relays when the transaction commits, and not when it rolls back', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(message.channel));
    await listener.query(`listen ${OUTBOX_CHANNEL}`);
    try {
      await database.db
        .transaction(async (tx) => {
          await appendOutbox(tx, outbox, holdCreatedEvent());
          throw new Error('roll back');
        })
        .catch(() => {});
      // Past the coalescing window, so the next write sends its own NOTIFY.
      await sleep(NUDGE_COALESCE_MS + 5);
      await database.db.transaction((tx) => appendOutbox(tx, outbox, holdCreatedEvent()));

      // Notifications arrive in commit order: had the rolled-back one been sent, it would come first.
      await waitFor(() => heard.length > 0, { message: 'the NOTIFY' });
      expect(heard).toEqual([OUTBOX_CHANNEL]);
      expect(await database.db.select({ id: outbox.id }).from(outbox)).toHaveLength(1);
    } finally {
      await listener.end();
    }
  });

  it('coalesces the NOTIFYs of writes that follow each other closely', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    let heard = 0;
    let ended = false;
    listener.on('notification', (message) => {
      if (message.payload === 'end') ended = true;
      else heard += 1;
    });
    await listener.query(`listen ${OUTBOX_CHANNEL}`);
    try {
      await sleep(NUDGE_COALESCE_MS + 5);
      const writes = 20;
      await Promise.all(
        Array.from({ length: writes }, () =>
          database.db.transaction((tx) => appendOutbox(tx, outbox, holdCreatedEvent())),
        ),
      );
      await sleep(NUDGE_COALESCE_MS + 5);
      await database.db.transaction((tx) => appendOutbox(tx, outbox, holdCreatedEvent()));

      // Notifications arrive in commit order: once this marker is heard, every earlier one has been.
      await database.db.$client.query(`select pg_notify('${OUTBOX_CHANNEL}', 'end')`);
      await waitFor(() => ended, { message: 'the end marker' });
      // The write after a quiet window always notifies; the concurrent ones mostly share one.
      expect(heard).toBeGreaterThanOrEqual(2);
      expect(heard).toBeLessThan(writes / 2);
      expect(await database.db.select({ id: outbox.id }).from(outbox)).toHaveLength(writes + 1);
    } finally {
      await listener.end();
    }
  });
});
