import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { outboxBacklog } from '../src/outbox-relay';
import { startTcpProxy,type TcpProxy } from '../src/testing/tcp-proxy';
import { openTestBroker, RABBITMQ_URL, type TestBroker, uniqueNames } from './support/broker';
import { openTestDatabase, outbox,type TestDatabase } from './support/database';
import { relayFixture, writeEvents } from './support/relay-fixture';
import { waitFor } from './support/wait-for';

describe('outbox relay while RabbitMQ is unreachable', () => {
  let database: TestDatabase;
  let broker: TestBroker;
  let proxy: TcpProxy;
  const relays = relayFixture(() => database);

  beforeAll(async () => {
    database = await openTestDatabase('orders');
    broker = await openTestBroker();
  });
  afterAll(async () => {
    await broker.close();
    await database.close();
  });
  beforeEach(async () => {
    await database.truncate();
    const target = new URL(RABBITMQ_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5672) });
  });
  afterEach(async () => {
    await relays.stopAll();
    await proxy.close();
  });

  it('lets the backlog grow during the outage and publishes all of it once RabbitMQ is back', async () => {
    const { exchange } = uniqueNames('outage');
    const tap = await broker.tap(exchange);
    const backlog = () => outboxBacklog(database.db, outbox);
    const { publisher } = await relays.start(
      { url: proxy.url(RABBITMQ_URL), exchange },
      { pollIntervalMs: 100 },
    );

    const beforeCut = await writeEvents(database, 5);
    await waitFor(() => tap.messages.length === 5, {
      message: 'the events written before the cut',
    });

    await proxy.cut();
    await waitFor(() => !publisher.isConnected(), { message: 'the publisher to notice the cut' });
    const duringCut: string[] = [];
    for (let round = 1; round <= 4; round += 1) {
      duringCut.push(...(await writeEvents(database, 5)));
      expect(await backlog()).toBe(round * 5);
    }
    // Absence cannot be polled for: let five poll intervals pass while the broker is away.
    await sleep(500);
    expect(await backlog()).toBe(20);
    expect(tap.messages).toHaveLength(5);

    await proxy.restore();
    await waitFor(async () => (await backlog()) === 0, {
      message: 'the backlog to drain',
      timeoutMs: 15_000,
    });
    await waitFor(() => tap.messages.length >= 25, { message: 'every event at the tap' });
    expect(new Set(tap.eventIds())).toEqual(new Set([...beforeCut, ...duringCut]));
  });

  it('republishes the rows whose confirms were lost when the connection dropped mid-batch', async () => {
    const { exchange } = uniqueNames('midbatch');
    const tap = await broker.tap(exchange);
    await relays.start(
      { url: proxy.url(RABBITMQ_URL), exchange },
      { pollIntervalMs: 100, batchSize: 20 },
    );

    const writing = Promise.all(Array.from({ length: 4 }, () => writeEvents(database, 50)));
    await waitFor(() => tap.messages.length >= 10, { message: 'publishing under way' });
    await proxy.cut();
    const written = (await writing).flat();
    await proxy.restore();

    await waitFor(async () => (await outboxBacklog(database.db, outbox)) === 0, {
      message: 'the backlog to drain',
      timeoutMs: 15_000,
    });
    await waitFor(() => new Set(tap.eventIds()).size === written.length, {
      message: 'every event at the tap',
    });
    // At least once: a row whose confirm was lost may arrive twice (consumers deduplicate), none is missing.
    expect(new Set(tap.eventIds())).toEqual(new Set(written));
  });
});
