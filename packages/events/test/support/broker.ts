import { randomUUID } from 'node:crypto';

import amqp, { type ChannelModel, type ConsumeMessage } from 'amqplib';

import { consumerQueueNames, retryExchangeName } from '../../src/topology';

export const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Names no other run uses: every test declares its own exchange and queues. */
export function uniqueNames(label: string) {
  const id = randomUUID().slice(0, 8);
  return { exchange: `test.events.${label}.${id}`, queue: `test.${label}.${id}` };
}

export interface Tap {
  queue: string;
  messages: ConsumeMessage[];
  eventIds(): string[];
}

/**
 * A plain connection for the test itself: inspecting queues, tapping an exchange, and deleting
 * everything the test declared.
 */
export async function openTestBroker() {
  const connection: ChannelModel = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  const declared = { exchanges: new Set<string>(), queues: new Set<string>() };

  return {
    connection,
    channel,
    /** Remembers a consumer's topology for deletion at the end. */
    own(exchange: string, queues: readonly string[] = [], retryDelaysMs: readonly number[] = []) {
      declared.exchanges.add(exchange);
      declared.exchanges.add(retryExchangeName(exchange));
      for (const queue of queues) {
        const names = consumerQueueNames(queue, retryDelaysMs);
        for (const name of [names.queue, names.deadLetterQueue, ...names.delayQueues])
          declared.queues.add(name);
      }
    },
    /** Binds a fresh queue to the exchange and records every message that reaches it. */
    async tap(exchange: string, pattern = '#'): Promise<Tap> {
      await channel.assertExchange(exchange, 'topic', { durable: true });
      declared.exchanges.add(exchange);
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      await channel.bindQueue(queue, exchange, pattern);
      const messages: ConsumeMessage[] = [];
      await channel.consume(queue, (message) => message && messages.push(message), { noAck: true });
      return {
        queue,
        messages,
        eventIds: () =>
          messages.map(
            (message) => (JSON.parse(message.content.toString()) as { event_id: string }).event_id,
          ),
      };
    },
    async messageCount(queue: string) {
      return (await channel.checkQueue(queue)).messageCount;
    },
    async close() {
      for (const queue of declared.queues) await channel.deleteQueue(queue).catch(() => {});
      for (const exchange of declared.exchanges)
        await channel.deleteExchange(exchange).catch(() => {});
      await connection.close();
    },
  };
}

export type TestBroker = Awaited<ReturnType<typeof openTestBroker>>;
