import { randomUUID } from 'node:crypto';

import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { countDeadLetters, listDeadLetters, replayDeadLetters } from '../src/dlq';
import { createPublisher, type Publisher } from '../src/publisher';
import { consumerQueueNames, deadLetterQueueName } from '../src/topology';
import { openTestBroker, RABBITMQ_URL, type TestBroker, uniqueNames } from './support/broker';
import { consumerFixture } from './support/consumer-fixture';
import { openTestDatabase, outbox,type TestDatabase } from './support/database';
import { holdCreatedEnvelope } from './support/fixtures';
import { waitFor } from './support/wait-for';

describe('retries and the dead-letter queue', () => {
  let database: TestDatabase;
  let broker: TestBroker;
  let publisher: Publisher;
  let names: ReturnType<typeof uniqueNames>;
  const consumers = consumerFixture(() => database);
  const poisoned = new Set<string>();

  const effectsOf = (eventId: string) =>
    database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.aggregateId, eventId));
  const poisonous = (envelope: { event_id: string }) => {
    if (poisoned.has(envelope.event_id)) throw new Error(`cannot apply ${envelope.event_id}`);
  };

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
    poisoned.clear();
    names = uniqueNames('dlq');
    broker.own(names.exchange, [names.queue], [100, 200]);
    publisher = await createPublisher({ url: RABBITMQ_URL, exchange: names.exchange });
    await publisher.waitForConnect();
  });
  afterEach(async () => {
    await consumers.stopAll();
    await publisher.close();
  });

  it('sends a poison message to the DLQ after exactly 3 attempts while a later good one flows', async () => {
    const { callsFor, outcomes, outcomesFor } = await consumers.start({
      url: RABBITMQ_URL,
      ...names,
      behaviour: poisonous,
    });
    const poison = holdCreatedEnvelope();
    poisoned.add(poison.event_id);
    const good = holdCreatedEnvelope();
    await publisher.publish(poison);
    await publisher.publish(good);

    await waitFor(
      () => outcomesFor(poison.event_id).some((outcome) => outcome.result === 'dead_lettered'),
      {
        message: 'the poison message in the DLQ',
      },
    );
    expect(
      outcomesFor(poison.event_id).map(({ attempt, result }) => ({ attempt, result })),
    ).toEqual([
      { attempt: 1, result: 'retry_scheduled' },
      { attempt: 2, result: 'retry_scheduled' },
      { attempt: 3, result: 'dead_lettered' },
    ]);
    expect(callsFor(poison.event_id)).toHaveLength(3);
    // The good message did not wait behind the poison one's retries.
    const goodSettled = outcomes.findIndex((outcome) => outcome.eventId === good.event_id);
    const poisonSecondAttempt = outcomes.findIndex(
      (o) => o.eventId === poison.event_id && o.attempt === 2,
    );
    expect(outcomes[goodSettled]?.result).toBe('applied');
    expect(goodSettled).toBeLessThan(poisonSecondAttempt);
    // Growing delays between attempts (100 ms, then 200 ms): a delayed retry, not a hot loop.
    const [first, second, third] = callsFor(poison.event_id).map((call) => call.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(90);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(190);

    expect(await effectsOf(poison.event_id)).toHaveLength(0);
    expect(await effectsOf(good.event_id)).toHaveLength(1);
    expect(await countDeadLetters(broker.connection, names.queue)).toBe(1);
    for (const queue of [names.queue, ...consumerQueueNames(names.queue, [100, 200]).delayQueues]) {
      expect(await broker.messageCount(queue)).toBe(0);
    }

    const [letter] = await listDeadLetters(broker.connection, names.queue);
    expect(letter).toMatchObject({
      eventId: poison.event_id,
      eventType: 'hold.created',
      attempts: 3,
      error: `cannot apply ${poison.event_id}`,
      envelope: poison,
    });
    // Listing does not consume.
    expect(await countDeadLetters(broker.connection, names.queue)).toBe(1);
  });

  it('dead-letters an unreadable message at once without calling the handler', async () => {
    const { calls, outcomes } = await consumers.start({ url: RABBITMQ_URL, ...names });
    const channel = await broker.connection.createConfirmChannel();
    channel.publish(names.exchange, 'hold.created', Buffer.from('{"event_type":"hold.created"}'), {
      persistent: true,
    });
    channel.publish(names.exchange, 'hold.created', Buffer.from('garbage'), { persistent: true });
    await channel.waitForConfirms();
    await channel.close();

    await waitFor(() => outcomes.length === 2, { message: 'both messages settled' });
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['dead_lettered', 'dead_lettered']);
    expect(calls).toHaveLength(0);
    const letters = await listDeadLetters(broker.connection, names.queue);
    expect(letters.map((letter) => letter.body)).toEqual([
      '{"event_type":"hold.created"}',
      'garbage',
    ]);
    expect(letters[0]?.error).toMatch(/invalid event envelope: event_id/);
    expect(letters[1]?.error).toMatch(/not JSON/);
  });

  it('replays chosen dead letters to the consumer queue, where they are applied once fixed', async () => {
    const { outcomesFor } = await consumers.start({
      url: RABBITMQ_URL,
      ...names,
      behaviour: poisonous,
    });
    const [first, second] = [holdCreatedEnvelope(), holdCreatedEnvelope()];
    for (const envelope of [first, second]) {
      poisoned.add(envelope.event_id);
      await publisher.publish(envelope);
    }
    await waitFor(async () => (await countDeadLetters(broker.connection, names.queue)) === 2, {
      message: 'both in the DLQ',
    });

    poisoned.clear();
    expect(
      await replayDeadLetters(broker.connection, names.queue, {
        eventIds: [second.event_id, randomUUID()],
      }),
    ).toEqual({ replayed: 1 });
    await waitFor(() =>
      outcomesFor(second.event_id).some((outcome) => outcome.result === 'applied'),
    );
    // A replay starts a fresh series of attempts.
    expect(outcomesFor(second.event_id).at(-1)).toMatchObject({ attempt: 1, result: 'applied' });
    expect(await effectsOf(second.event_id)).toHaveLength(1);
    const remaining = await listDeadLetters(broker.connection, names.queue);
    expect(remaining.map((letter) => letter.eventId)).toEqual([first.event_id]);

    expect(await replayDeadLetters(broker.connection, names.queue)).toEqual({ replayed: 1 });
    await waitFor(() =>
      outcomesFor(first.event_id).some((outcome) => outcome.result === 'applied'),
    );
    expect(await broker.messageCount(deadLetterQueueName(names.queue))).toBe(0);
  });
});
