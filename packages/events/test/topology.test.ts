import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  consumerQueueNames,
  declareTopology,
  delayBefore,
  delayQueueName,
  retryExchangeName,
} from '../src/topology';
import { openTestBroker, type TestBroker, uniqueNames } from './support/broker';
import { waitFor } from './support/wait-for';

describe('declareTopology', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await openTestBroker();
  });
  afterAll(() => broker.close());

  it('is idempotent and wires queue, delay queues and DLQ', async () => {
    const { exchange, queue } = uniqueNames('topology');
    broker.own(exchange, [queue], [50, 80]);
    const options = {
      exchange,
      consumers: [{ queue, bindings: ['hold.*'] }],
      retryDelaysMs: [50, 80],
    };
    const channel = await broker.connection.createChannel();
    await declareTopology(channel, options);
    await declareTopology(channel, options);
    await channel.close();

    const names = consumerQueueNames(queue, [50, 80]);
    expect(names.delayQueues).toEqual([`${queue}.retry.50ms`, `${queue}.retry.80ms`]);
    for (const name of [queue, names.deadLetterQueue, ...names.delayQueues]) {
      await expect(broker.channel.checkQueue(name)).resolves.toMatchObject({ queue: name });
    }
    await expect(broker.channel.checkExchange(retryExchangeName(exchange))).resolves.toBeDefined();

    // Bound by pattern on the topic exchange: hold.* arrives, order.* does not.
    broker.channel.publish(exchange, 'hold.expired', Buffer.from('a'));
    broker.channel.publish(exchange, 'order.confirmed', Buffer.from('b'));
    await waitFor(async () => (await broker.messageCount(queue)) === 1);

    // A message parked in a delay queue comes back to the main queue once its delay has passed.
    broker.channel.publish(
      retryExchangeName(exchange),
      delayQueueName(queue, 80),
      Buffer.from('c'),
    );
    await waitFor(async () => (await broker.messageCount(queue)) === 2, {
      message: 'the delayed message',
    });

    // Rejected without requeue (the broker-side safety net) goes to the DLQ.
    const message = await broker.channel.get(queue);
    if (!message) throw new Error('no message');
    broker.channel.reject(message, false);
    await waitFor(async () => (await broker.messageCount(names.deadLetterQueue)) === 1);
  });

  it('uses growing delays, repeating the last one', () => {
    expect([2, 3, 4].map((attempt) => delayBefore(attempt, [1_000, 5_000]))).toEqual([
      1_000, 5_000, 5_000,
    ]);
  });
});
