import { randomUUID } from 'node:crypto';

import type { EventEnvelope } from '@ticketing/events/envelope';
import { consumerQueueNames, consumerQueues, retryExchangeName } from '@ticketing/events/topology';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';

export type ConsumerName = keyof typeof consumerQueues;

/** Names of one run: nothing is shared with another run, a dev stack or another suite. */
export interface EventNames {
  exchange: string;
  /** EVENTS_QUEUE_PREFIX: prepended as-is to every consumer queue name. */
  queuePrefix: string;
  retryDelaysMs: readonly number[];
}

export function uniqueEventNames(retryDelaysMs: readonly number[]): EventNames {
  const id = randomUUID().slice(0, 8);
  return { exchange: `e2e.${id}.events`, queuePrefix: `e2e${id}.`, retryDelaysMs };
}

export function queueNamesOf(names: EventNames, consumer: ConsumerName) {
  return consumerQueueNames(
    `${names.queuePrefix}${consumerQueues[consumer].queue}`,
    names.retryDelaysMs,
  );
}

/**
 * The test's own connection straight to RabbitMQ (never through the proxy the processes use):
 * publishes hand-made deliveries, inspects queues, and deletes the run's topology at the end.
 */
export interface TestBroker {
  /** Publishes an envelope to the run's exchange, routing key = event type, persistent, confirmed. */
  publish(envelope: EventEnvelope | Record<string, unknown>, routingKey?: string): Promise<void>;
  /** Records every message the run's exchange routes for `pattern` from now on. */
  tap(pattern?: string): Promise<Tap>;
  messageCount(queue: string): Promise<number>;
  /** Messages waiting in a queue, body and headers (taken and put back). */
  peek(queue: string): Promise<PeekedMessage[]>;
  close(): Promise<void>;
}

export interface Tap {
  /** `event_id` of each message seen, in arrival order (duplicates included). */
  eventIds(): string[];
}

export interface PeekedMessage {
  body: unknown;
  headers: Record<string, unknown>;
}

export async function openTestBroker(url: string, names: EventNames): Promise<TestBroker> {
  const connection: ChannelModel = await amqp.connect(url);
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  await channel.assertExchange(names.exchange, 'topic', { durable: true });

  // A checkQueue of a missing queue closes the channel: inspect on a throwaway one.
  const onScratchChannel = async <T>(work: (scratch: amqp.Channel) => Promise<T>): Promise<T> => {
    const scratch = await connection.createChannel();
    scratch.on('error', () => {});
    try {
      return await work(scratch);
    } finally {
      await scratch.close().catch(() => {});
    }
  };

  return {
    async publish(envelope, routingKey) {
      const key = routingKey ?? String(envelope.event_type);
      const content = Buffer.from(JSON.stringify(envelope));
      await new Promise<void>((resolve, reject) =>
        channel.publish(
          names.exchange,
          key,
          content,
          {
            persistent: true,
            contentType: 'application/json',
            messageId: typeof envelope.event_id === 'string' ? envelope.event_id : undefined,
          },
          (error: unknown) => (error ? reject(new Error('publish not confirmed')) : resolve()),
        ),
      );
    },
    async tap(pattern = '#') {
      // Exclusive and auto-delete: it goes away with this connection.
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      await channel.bindQueue(queue, names.exchange, pattern);
      const eventIds: string[] = [];
      await channel.consume(
        queue,
        (message) => {
          if (!message) return;
          const body = JSON.parse(message.content.toString()) as { event_id?: unknown };
          eventIds.push(String(body.event_id));
        },
        { noAck: true },
      );
      return { eventIds: () => [...eventIds] };
    },
    messageCount: (queue) =>
      onScratchChannel(async (scratch) => (await scratch.checkQueue(queue)).messageCount),
    peek: (queue) =>
      onScratchChannel(async (scratch) => {
        const messages: PeekedMessage[] = [];
        for (;;) {
          const message = await scratch.get(queue, { noAck: false });
          if (!message) break;
          let body: unknown;
          try {
            body = JSON.parse(message.content.toString()) as unknown;
          } catch {
            body = message.content.toString();
          }
          messages.push({ body, headers: { ...message.properties.headers } });
        }
        scratch.nackAll(true);
        return messages;
      }),
    async close() {
      const deletions = [
        ...(Object.keys(consumerQueues) as ConsumerName[]).flatMap((consumer) => {
          const queues = queueNamesOf(names, consumer);
          return [queues.queue, queues.deadLetterQueue, ...queues.delayQueues].map(
            (queue) => (scratch: amqp.Channel) => scratch.deleteQueue(queue),
          );
        }),
        ...[names.exchange, retryExchangeName(names.exchange)].map(
          (exchange) => (scratch: amqp.Channel) => scratch.deleteExchange(exchange),
        ),
      ];
      for (const deletion of deletions) await onScratchChannel(deletion).catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}
