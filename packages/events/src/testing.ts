import { randomUUID } from 'node:crypto';

import { connectBroker } from './connection';
import type { EventEnvelope } from './envelope';
import { createPublisher } from './publisher';
import { consumerQueueNames, consumerQueues, retryExchangeName } from './topology';

export const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** RabbitMQ names of one test run: nothing shared with a dev stack, another suite or run. */
export interface EventNames {
  exchange: string;
  queuePrefix: string;
  retryDelaysMs: readonly number[];
}

export function uniqueEventNames(label: string): EventNames {
  const id = randomUUID().slice(0, 8);
  return {
    exchange: `test.${label}.${id}.events`,
    queuePrefix: `test.${label}.${id}.`,
    retryDelaysMs: [50, 100],
  };
}

export interface Tapped {
  envelope: EventEnvelope;
  at: number;
}

/**
 * For the tests of the services that consume events. The test's own side of RabbitMQ: publishes hand-made envelopes to the run's exchange, taps it,
 * and deletes everything of the run (exchanges, every consumer queue and its retry/DLQ queues).
 */
export async function openTestBroker(names: EventNames) {
  const connection = await connectBroker({ url: RABBITMQ_URL });
  await connection.waitForConnect();
  const channel = await connection.createChannel();
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
  const publisher = await createPublisher({ url: RABBITMQ_URL, exchange: names.exchange });
  await publisher.waitForConnect();

  return {
    publish: (envelope: EventEnvelope) => publisher.publish(envelope),
    /** Every message the exchange routes for `pattern` from now on. */
    async tap(pattern = '#'): Promise<Tapped[]> {
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      await channel.bindQueue(queue, names.exchange, pattern);
      const seen: Tapped[] = [];
      await channel.consume(
        queue,
        (message) => {
          if (message) {
            const envelope = JSON.parse(message.content.toString()) as EventEnvelope;
            seen.push({ envelope, at: performance.now() });
          }
        },
        { noAck: true },
      );
      return seen;
    },
    async messageCount(queue: string) {
      return (await channel.checkQueue(queue)).messageCount;
    },
    async close() {
      await publisher.close();
      for (const { queue } of Object.values(consumerQueues)) {
        const all = consumerQueueNames(`${names.queuePrefix}${queue}`, names.retryDelaysMs);
        for (const name of [all.queue, all.deadLetterQueue, ...all.delayQueues])
          await channel.deleteQueue(name).catch(() => {});
      }
      await channel.deleteExchange(names.exchange).catch(() => {});
      await channel.deleteExchange(retryExchangeName(names.exchange)).catch(() => {});
      await connection.close();
    },
  };
}

export type TestBroker = Awaited<ReturnType<typeof openTestBroker>>;
