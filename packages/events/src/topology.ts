import type { Channel } from 'amqplib';

/** Production names and settings; tests pass their own names so runs never collide. */
export const DEFAULT_EXCHANGE = 'ticketing.events';
/** Delay before the 2nd and 3rd attempt of a failed message. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000];
/** Handler attempts before a message goes to the dead-letter queue. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** The consumers of docs/architecture.md §1 and the events each one needs. */
export const consumerQueues = {
  inventory: {
    queue: 'inventory.events',
    bindings: [
      'hold.created',
      'hold.expired',
      'hold.released',
      'order.confirmed',
      'order.cancelled',
    ],
  },
  orders: { queue: 'orders.events', bindings: ['inventory.commit_failed'] },
  notifications: {
    queue: 'notifications.events',
    bindings: ['order.confirmed', 'order.cancelled'],
  },
} as const satisfies Record<string, ConsumerTopology>;

export interface ConsumerTopology {
  queue: string;
  /** Routing keys (event types or topic patterns such as `hold.*`) the queue receives. */
  bindings: readonly string[];
}

export interface TopologyOptions {
  exchange?: string;
  consumers: readonly ConsumerTopology[];
  retryDelaysMs?: readonly number[];
}

export const retryExchangeName = (exchange: string) => `${exchange}.retry`;
export const deadLetterQueueName = (queue: string) => `${queue}.dlq`;
/** The delay is part of the name: changing a delay declares a new queue instead of clashing. */
export const delayQueueName = (queue: string, delayMs: number) => `${queue}.retry.${delayMs}ms`;

/** Delay queue used before attempt `nextAttempt` (2, 3, ...): growing delays, the last one repeats. */
export function delayBefore(nextAttempt: number, retryDelaysMs: readonly number[]): number {
  const delays = retryDelaysMs.length > 0 ? retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
  const index = Math.min(Math.max(nextAttempt - 2, 0), delays.length - 1);
  return delays[index] ?? 0;
}

/** Every queue name that belongs to one consumer (for declaring, inspecting and deleting). */
export function consumerQueueNames(
  queue: string,
  retryDelaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
) {
  return {
    queue,
    deadLetterQueue: deadLetterQueueName(queue),
    delayQueues: [...new Set(retryDelaysMs)].map((delayMs) => delayQueueName(queue, delayMs)),
  };
}

/**
 * Declares the exchanges and every consumer's queues; idempotent, so each process runs it at start
 * (and after each reconnect). Per consumer queue:
 * - `<queue>`: durable, bound to the topic exchange; anything rejected goes to its DLQ.
 * - `<queue>.retry.<delay>ms`: one per delay, bound to the retry exchange; its messages expire after
 *   the delay and are dead-lettered back to `<queue>` through the default exchange. Failed messages
 *   wait there instead of spinning in a hot requeue loop.
 * - `<queue>.dlq`: where a message lands after its last attempt (or at once when unreadable).
 */
export async function declareTopology(channel: Channel, options: TopologyOptions): Promise<void> {
  const exchange = options.exchange ?? DEFAULT_EXCHANGE;
  const retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const retryExchange = retryExchangeName(exchange);

  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertExchange(retryExchange, 'direct', { durable: true });

  for (const { queue, bindings } of options.consumers) {
    const names = consumerQueueNames(queue, retryDelaysMs);
    await channel.assertQueue(names.deadLetterQueue, { durable: true });
    await channel.assertQueue(queue, {
      durable: true,
      deadLetterExchange: '',
      deadLetterRoutingKey: names.deadLetterQueue,
    });
    for (const pattern of bindings) await channel.bindQueue(queue, exchange, pattern);

    for (const delayMs of new Set(retryDelaysMs)) {
      const delayQueue = delayQueueName(queue, delayMs);
      await channel.assertQueue(delayQueue, {
        durable: true,
        messageTtl: delayMs,
        deadLetterExchange: '',
        deadLetterRoutingKey: queue,
      });
      await channel.bindQueue(delayQueue, retryExchange, delayQueue);
    }
  }
}
