import { randomUUID } from 'node:crypto';

import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { discardDeadLetter, listDeadLetters, replayDeadLetter } from '../src/dlq';
import { createPublisher, type Publisher } from '../src/publisher';
import { readQueueStates } from '../src/queue-state';
import { deadLetterQueueName } from '../src/topology';
import { openTestBroker, RABBITMQ_URL, type TestBroker, uniqueNames } from './support/broker';
import { consumerFixture } from './support/consumer-fixture';
import { openTestDatabase, outbox,type TestDatabase } from './support/database';
import { holdCreatedEnvelope } from './support/fixtures';
import { waitFor } from './support/wait-for';

describe('one dead letter at a time (the admin event bus page)', () => {
  let database: TestDatabase;
  let broker: TestBroker;
  let publisher: Publisher;
  let names: ReturnType<typeof uniqueNames>;
  const consumers = consumerFixture(() => database);
  const poisoned = new Set<string>();

  const effectsOf = (eventId: string) =>
    database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.aggregateId, eventId));

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
    names = uniqueNames('dlq-admin');
    broker.own(names.exchange, [names.queue], [20, 40]);
    publisher = await createPublisher({ url: RABBITMQ_URL, exchange: names.exchange });
    await publisher.waitForConnect();
  });
  afterEach(async () => {
    await consumers.stopAll();
    await publisher.close();
  });

  async function deadLettered(count: number) {
    const started = await consumers.start({
      url: RABBITMQ_URL,
      ...names,
      retryDelaysMs: [20, 40],
      behaviour: (envelope) => {
        if (poisoned.has(envelope.event_id)) throw new Error(`cannot apply ${envelope.event_id}`);
      },
    });
    const envelopes = Array.from({ length: count }, () => holdCreatedEnvelope());
    for (const envelope of envelopes) {
      poisoned.add(envelope.event_id);
      await publisher.publish(envelope);
    }
    await waitFor(
      async () =>
        (await readQueueStates(broker.connection, [names.queue]))[0]?.deadLetters === count,
      { message: `${count} in the DLQ` },
    );
    return { ...started, envelopes };
  }

  it('reports depth, consumers and dead letters per queue, and a queue never declared', async () => {
    const { envelopes } = await deadLettered(2);
    const missing = `${names.queue}.never`;
    expect(await readQueueStates(broker.connection, [names.queue, missing])).toEqual([
      { queue: names.queue, depth: 0, consumers: 1, deadLetters: 2, exists: true },
      { queue: missing, depth: 0, consumers: 0, deadLetters: 0, exists: false },
    ]);
    const letters = await listDeadLetters(broker.connection, names.queue);
    // Retries race, so the DLQ's order is the order the last attempts failed in.
    expect(letters.map((letter) => letter.id).sort()).toEqual(
      envelopes.map((e) => e.event_id).sort(),
    );
  });

  it('replays the one named, leaving the others; it is applied once', async () => {
    const { envelopes, outcomesFor } = await deadLettered(3);
    const [first, second, third] = envelopes.map((envelope) => envelope.event_id);
    if (!first || !second || !third) throw new Error('three envelopes expected');
    poisoned.clear();

    const replayed = await replayDeadLetter(broker.connection, names.queue, second);
    expect(replayed).toMatchObject({ found: true, deadLetter: { eventId: second, attempts: 3 } });
    await waitFor(() => outcomesFor(second).some((outcome) => outcome.result === 'applied'));
    expect(await effectsOf(second)).toHaveLength(1);
    const remaining = await listDeadLetters(broker.connection, names.queue);
    expect(remaining.map((letter) => letter.id).sort()).toEqual([first, third].sort());

    // The same event dead-lettered twice (a redelivery, a copy): the second replay is a duplicate.
    const channel = await broker.connection.createConfirmChannel();
    channel.sendToQueue(
      deadLetterQueueName(names.queue),
      Buffer.from(JSON.stringify(envelopes[1])),
      {
        persistent: true,
      },
    );
    await channel.waitForConfirms();
    await channel.close();
    expect(await replayDeadLetter(broker.connection, names.queue, second)).toMatchObject({
      found: true,
    });
    await waitFor(() => outcomesFor(second).some((outcome) => outcome.result === 'duplicate'));
    expect(await effectsOf(second)).toHaveLength(1);

    expect(await replayDeadLetter(broker.connection, names.queue, randomUUID())).toEqual({
      found: false,
    });
    expect((await listDeadLetters(broker.connection, names.queue)).map((l) => l.id).sort()).toEqual(
      [first, third].sort(),
    );
  });

  it('discards the one named: it is never applied, the others stay', async () => {
    const { envelopes, outcomesFor } = await deadLettered(2);
    const [first, second] = envelopes.map((envelope) => envelope.event_id);
    if (!first || !second) throw new Error('two envelopes expected');
    poisoned.clear();

    expect(await discardDeadLetter(broker.connection, names.queue, first)).toMatchObject({
      found: true,
      deadLetter: { eventId: first },
    });
    expect((await listDeadLetters(broker.connection, names.queue)).map((l) => l.id)).toEqual([
      second,
    ]);
    expect(await discardDeadLetter(broker.connection, names.queue, first)).toEqual({
      found: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outcomesFor(first).some((outcome) => outcome.result === 'applied')).toBe(false);
    expect(await effectsOf(first)).toHaveLength(0);
  });

  it('names an unreadable message by the hash of its body', async () => {
    await consumers.start({ url: RABBITMQ_URL, ...names, retryDelaysMs: [20, 40] });
    const channel = await broker.connection.createConfirmChannel();
    channel.publish(names.exchange, 'hold.created', Buffer.from('garbage'), { persistent: true });
    await channel.waitForConfirms();
    await channel.close();
    await waitFor(
      async () => (await readQueueStates(broker.connection, [names.queue]))[0]?.deadLetters === 1,
    );
    const [letter] = await listDeadLetters(broker.connection, names.queue);
    expect(letter?.id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(await discardDeadLetter(broker.connection, names.queue, letter?.id ?? '')).toMatchObject(
      {
        found: true,
      },
    );
    expect((await readQueueStates(broker.connection, [names.queue]))[0]?.deadLetters).toBe(0);
  });
});
