import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { eq, isNotNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { outboxBacklog } from '../src/outbox-relay';
import { appendOutbox,OUTBOX_LINGER_MS } from '../src/outbox-writer';
import { openTestBroker, RABBITMQ_URL, type TestBroker, uniqueNames } from './support/broker';
import { openTestDatabase, outbox,type TestDatabase } from './support/database';
import { holdCreatedEvent } from './support/fixtures';
import { relayFixture, writeEvents } from './support/relay-fixture';
import { waitFor } from './support/wait-for';

describe('outbox relay', () => {
  let database: TestDatabase;
  let broker: TestBroker;
  let exchange: string;
  const relays = relayFixture(() => database);

  beforeAll(async () => {
    database = await openTestDatabase('orders', 8);
    broker = await openTestBroker();
  });
  afterAll(async () => {
    await broker.close();
    await database.close();
  });
  beforeEach(async () => {
    await database.truncate();
    exchange = uniqueNames('relay').exchange;
  });
  afterEach(() => relays.stopAll());

  it('publishes a committed row well under a second later, woken by NOTIFY (poll set to a minute)', async () => {
    const tap = await broker.tap(exchange);
    await relays.start({ url: RABBITMQ_URL, exchange }, { pollIntervalMs: 60_000 });

    const committedAt = performance.now();
    const [eventId] = await writeEvents(database, 1);
    await waitFor(() => tap.messages.length === 1, {
      timeoutMs: 2_000,
      intervalMs: 2,
      message: 'the event',
    });
    const latencyMs = performance.now() - committedAt;

    expect(latencyMs).toBeLessThan(500);
    expect(tap.eventIds()).toEqual([eventId]);
    const message = tap.messages[0];
    expect(message?.fields.routingKey).toBe('hold.created');
    expect(message?.properties).toMatchObject({
      deliveryMode: 2,
      messageId: eventId,
      contentType: 'application/json',
    });
    await waitFor(async () => (await outboxBacklog(database.db, outbox)) === 0, {
      message: 'published_at set',
    });
  });

  it('publishes back-to-back writes promptly although most of them sent no NOTIFY of their own', async () => {
    const tap = await broker.tap(exchange);
    await relays.start({ url: RABBITMQ_URL, exchange }, { pollIntervalMs: 60_000 });

    for (let round = 0; round < 3; round += 1) {
      const ids = await writeEvents(database, 30);
      const committedAt = performance.now();
      await waitFor(() => tap.messages.length === (round + 1) * 30, {
        timeoutMs: 2_000,
        intervalMs: 2,
      });
      expect(performance.now() - committedAt).toBeLessThan(500);
      expect(tap.eventIds().slice(-30)).toEqual(ids);
      // Let the relay go idle so the next round starts from rest again.
      await sleep(OUTBOX_LINGER_MS * 2);
    }
  });

  it('re-establishes its LISTEN connection when the database drops it', async () => {
    const tap = await broker.tap(exchange);
    await relays.start(
      { url: RABBITMQ_URL, exchange },
      { pollIntervalMs: 60_000, reconnect: { initialDelayMs: 20 } },
    );
    const listeners = () =>
      database.db.$client.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database() and application_name = 'outbox-relay-listen'`,
      );
    const [before] = (await listeners()).rows;
    await database.db.$client.query('select pg_terminate_backend($1)', [before?.pid]);
    await waitFor(async () => (await listeners()).rows.some((row) => row.pid !== before?.pid), {
      message: 'a new LISTEN connection',
    });

    const [eventId] = await writeEvents(database, 1);
    await waitFor(() => tap.messages.length === 1, {
      timeoutMs: 2_000,
      message: 'the event, nudged',
    });
    expect(tap.eventIds()).toEqual([eventId]);
  });

  it('publishes through the poll alone when nothing nudges it', async () => {
    const tap = await broker.tap(exchange);
    await relays.start(
      { url: RABBITMQ_URL, exchange },
      { pollIntervalMs: 100, listenUrl: undefined },
    );
    const ids = await writeEvents(database, 3);
    await waitFor(() => tap.messages.length === 3, { message: 'three events' });
    expect(tap.eventIds()).toEqual(ids);
  });

  it('two relays on one outbox publish each of N rows exactly once', async () => {
    const tap = await broker.tap(exchange);
    const before = await writeEvents(database, 40);
    await relays.start({ url: RABBITMQ_URL, exchange }, { batchSize: 7, pollIntervalMs: 50 });
    await relays.start({ url: RABBITMQ_URL, exchange }, { batchSize: 7, pollIntervalMs: 50 });
    // Written while both relays run, from several connections at once.
    const during = (
      await Promise.all(Array.from({ length: 4 }, () => writeEvents(database, 40)))
    ).flat();
    const written = [...before, ...during];

    await waitFor(async () => (await outboxBacklog(database.db, outbox)) === 0, {
      message: 'an empty backlog',
    });
    await relays.stopAll();
    // Every publish was confirmed before its row was marked, so every copy is already queued.
    await waitFor(
      async () =>
        tap.messages.length >= written.length && (await broker.messageCount(tap.queue)) === 0,
    );

    const delivered = tap.eventIds();
    expect(new Set(delivered).size).toBe(written.length);
    expect(delivered).toHaveLength(written.length);
    expect(new Set(delivered)).toEqual(new Set(written));
  });

  it('keeps an unpublishable row aside (attempts counted) while the others flow', async () => {
    const tap = await broker.tap(exchange);
    const bad = randomUUID();
    await database.db.insert(outbox).values({
      id: bad,
      eventType: 'hold.created',
      aggregateId: randomUUID(),
      payload: { hold_id: 'not-a-uuid' },
    });
    const good = await database.db.transaction((tx) =>
      appendOutbox(tx, outbox, holdCreatedEvent()),
    );
    await relays.start({ url: RABBITMQ_URL, exchange }, { pollIntervalMs: 50 });

    await waitFor(() => tap.messages.length === 1, { message: 'the good event' });
    expect(tap.eventIds()).toEqual([good.event_id]);
    await waitFor(async () => {
      const [row] = await database.db
        .select({ attempts: outbox.attempts, publishedAt: outbox.publishedAt })
        .from(outbox)
        .where(eq(outbox.id, bad));
      return row && row.attempts >= 2 && row.publishedAt === null;
    });
    expect(
      await database.db.select({ id: outbox.id }).from(outbox).where(isNotNull(outbox.publishedAt)),
    ).toEqual([{ id: good.event_id }]);
  });
});
