import { createDatabase } from '@ticketing/db/client';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type ConsumeOutcome, startConsumer } from '../src/consumer';
import { createPublisher, type Publisher } from '../src/publisher';
import { startTcpProxy } from '../src/testing/tcp-proxy';
import { deadLetterQueueName } from '../src/topology';
import { DependencyUnavailableError } from '../src/transient-error';
import { openTestBroker, RABBITMQ_URL, type TestBroker, uniqueNames } from './support/broker';
import { consumerFixture, recordEffect } from './support/consumer-fixture';
import { consumedEvents, openTestDatabase, outbox,type TestDatabase } from './support/database';
import { holdCreatedEnvelope } from './support/fixtures';
import { waitFor } from './support/wait-for';

describe('consumer', () => {
  let database: TestDatabase;
  let broker: TestBroker;
  let publisher: Publisher;
  let names: ReturnType<typeof uniqueNames>;
  const consumers = consumerFixture(() => database);

  const effectsOf = (eventId: string) =>
    database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.aggregateId, eventId));
  const consumedRowsOf = (eventId: string) =>
    database.db
      .select({ eventId: consumedEvents.eventId })
      .from(consumedEvents)
      .where(eq(consumedEvents.eventId, eventId));

  beforeAll(async () => {
    database = await openTestDatabase('inventory');
    broker = await openTestBroker();
  });
  afterAll(async () => {
    await broker.close();
    await database.close();
  });
  beforeEach(async () => {
    await database.truncate();
    names = uniqueNames('consumer');
    broker.own(names.exchange, [names.queue], [100, 200]);
    publisher = await createPublisher({ url: RABBITMQ_URL, exchange: names.exchange });
    await publisher.waitForConnect();
  });
  afterEach(async () => {
    await consumers.stopAll();
    await publisher.close();
  });

  it('applies a published event in one transaction with its consumed_events row, under its request id', async () => {
    const { calls, outcomesFor } = await consumers.start({ url: RABBITMQ_URL, ...names });
    const envelope = holdCreatedEnvelope({ correlation_id: 'req-round-trip' });
    await publisher.publish(envelope);

    await waitFor(() => outcomesFor(envelope.event_id).length === 1, { message: 'the outcome' });
    expect(outcomesFor(envelope.event_id)).toEqual([
      { eventId: envelope.event_id, eventType: 'hold.created', attempt: 1, result: 'applied' },
    ]);
    expect(calls.map((call) => call.envelope)).toEqual([envelope]);
    expect(calls[0]?.requestId).toBe('req-round-trip');
    expect(await effectsOf(envelope.event_id)).toHaveLength(1);
    expect(await consumedRowsOf(envelope.event_id)).toHaveLength(1);
    expect(await broker.messageCount(names.queue)).toBe(0);
  });

  it('applies the same event_id delivered twice only once', async () => {
    const { callsFor, outcomesFor } = await consumers.start({
      url: RABBITMQ_URL,
      ...names,
      prefetch: 10,
    });
    const envelope = holdCreatedEnvelope();
    await Promise.all([publisher.publish(envelope), publisher.publish(envelope)]);
    const later = holdCreatedEnvelope();
    await publisher.publish(envelope);
    await publisher.publish(later);

    await waitFor(
      () => outcomesFor(envelope.event_id).length === 3 && outcomesFor(later.event_id).length === 1,
      {
        message: 'all four deliveries settled',
      },
    );
    expect(
      outcomesFor(envelope.event_id)
        .map((outcome) => outcome.result)
        .sort(),
    ).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(callsFor(envelope.event_id)).toHaveLength(1);
    expect(await effectsOf(envelope.event_id)).toHaveLength(1);
    expect(await consumedRowsOf(envelope.event_id)).toHaveLength(1);
  });

  it('rolls back a failed attempt and applies the event on a delayed retry', async () => {
    const { callsFor, outcomesFor } = await consumers.start({
      url: RABBITMQ_URL,
      ...names,
      behaviour: (_, attempt) => {
        if (attempt === 1) throw new Error('flaky dependency');
      },
    });
    const envelope = holdCreatedEnvelope();
    await publisher.publish(envelope);

    await waitFor(() =>
      outcomesFor(envelope.event_id).some((outcome) => outcome.result === 'applied'),
    );
    expect(
      outcomesFor(envelope.event_id).map(({ attempt, result }) => ({ attempt, result })),
    ).toEqual([
      { attempt: 1, result: 'retry_scheduled' },
      { attempt: 2, result: 'applied' },
    ]);
    const [first, second] = callsFor(envelope.event_id);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(90);
    // The first attempt's effect was rolled back with its transaction.
    expect(await effectsOf(envelope.event_id)).toHaveLength(1);
  });

  it('resumes consuming after its connection is cut, and a stop lets the message in hand finish', async () => {
    const target = new URL(RABBITMQ_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5672) });
    try {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const blocked = holdCreatedEnvelope();
      const { consumer, calls, outcomes, callsFor } = await consumers.start({
        url: proxy.url(RABBITMQ_URL),
        ...names,
        behaviour: (envelope) => (envelope.event_id === blocked.event_id ? gate : undefined),
      });

      await proxy.cut();
      const whileCut = [holdCreatedEnvelope(), holdCreatedEnvelope(), holdCreatedEnvelope()];
      for (const envelope of whileCut) await publisher.publish(envelope);
      await proxy.restore();
      await waitFor(() => outcomes.length === 3, {
        message: 'the events published during the cut',
        timeoutMs: 10_000,
      });
      expect(new Set(calls.map((call) => call.envelope.event_id))).toEqual(
        new Set(whileCut.map((e) => e.event_id)),
      );

      await publisher.publish(blocked);
      await waitFor(() => callsFor(blocked.event_id).length === 1, {
        message: 'the handler to start',
      });
      const stopped = consumer.stop();
      release();
      await stopped;
      expect(await consumedRowsOf(blocked.event_id)).toHaveLength(1);
      // The broker counts the ack asynchronously; a message requeued by the stop would stay at 1.
      await waitFor(async () => (await broker.messageCount(names.queue)) === 0, {
        message: 'the acknowledged message to leave the queue',
      });
    } finally {
      await proxy.close();
    }
  });

  it('does not use up attempts while its database is unreachable', async () => {
    const target = new URL(database.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    broker.own(names.exchange, [names.queue], [50, 100]);
    const outcomes: ConsumeOutcome[] = [];
    const unreliable = createDatabase({
      url: viaProxy.toString(),
      poolSize: 2,
      applicationName: 'events-test-proxy',
    });
    const consumer = await startConsumer({
      url: RABBITMQ_URL,
      ...names,
      bindings: ['#'],
      retryDelaysMs: [50, 100],
      db: unreliable,
      consumedEventsTable: consumedEvents,
      handle: (envelope, tx) => recordEffect(tx, envelope),
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    try {
      await consumer.waitForConnect();
      await proxy.cut();
      const envelope = holdCreatedEnvelope();
      await publisher.publish(envelope);
      // More failed tries than the attempt budget, all while the database is away...
      await waitFor(() => outcomes.length >= 4, { message: 'several retries' });
      await proxy.restore();
      await waitFor(() => outcomes.some((outcome) => outcome.result === 'applied'), {
        message: 'the event applied',
      });
      // ...yet the event was never dead-lettered and kept its first attempt.
      expect(new Set(outcomes.map(({ attempt, result }) => `${attempt}:${result}`))).toEqual(
        new Set(['1:retry_scheduled', '1:applied']),
      );
      expect(await effectsOf(envelope.event_id)).toHaveLength(1);
    } finally {
      await consumer.stop();
      await unreliable.$client.end();
      await proxy.close();
    }
  });

  it('waits out a dependency that stays down longer than the attempt budget, without dead-lettering', async () => {
    const { callsFor, outcomesFor } = await consumers.start({
      url: RABBITMQ_URL,
      ...names,
      behaviour: (_, call) => {
        // Twice the default 3 attempts, all failing because a service is down, then it is back.
        if (call <= 6)
          throw new DependencyUnavailableError('orders', { cause: new Error('circuit open') });
      },
    });
    const envelope = holdCreatedEnvelope();
    await publisher.publish(envelope);

    await waitFor(
      () => outcomesFor(envelope.event_id).some((outcome) => outcome.result === 'applied'),
      { message: 'the event applied', timeoutMs: 10_000 },
    );
    expect(
      outcomesFor(envelope.event_id).map(({ attempt, result }) => `${attempt}:${result}`),
    ).toEqual([...Array<string>(6).fill('1:retry_scheduled'), '1:applied']);
    expect(callsFor(envelope.event_id)).toHaveLength(7);
    // The delay grew to the last retry delay (200 ms) and stayed there.
    const at = callsFor(envelope.event_id).map((call) => call.at);
    expect((at[6] ?? 0) - (at[5] ?? 0)).toBeGreaterThanOrEqual(190);
    expect(await effectsOf(envelope.event_id)).toHaveLength(1);
    expect(await broker.messageCount(deadLetterQueueName(names.queue))).toBe(0);
  });
});
