import type { ChannelSource } from './connection';
import { BrokerUnavailableError } from './publisher';
import { withTimeout } from './timeout';
import { deadLetterQueueName } from './topology';

const CHANNEL_TIMEOUT_MS = 5_000;

export interface QueueState {
  queue: string;
  /** Messages ready in the queue (not counting those a consumer holds unacknowledged). */
  depth: number;
  /** Consumers attached now; 0 means nothing is draining the queue. */
  consumers: number;
  deadLetters: number;
  /** False when the queue was never declared (its consumer never started on this broker). */
  exists: boolean;
}

/**
 * The message count of one queue, or null when it does not exist. Passive checks only (AMQP
 * `queue.declare passive`), no management plugin; a missing queue closes its channel, so each
 * check has a channel of its own.
 */
async function checkCount(
  connection: ChannelSource,
  queue: string,
): Promise<{ messageCount: number; consumerCount: number } | null> {
  const channel = await withTimeout(
    connection.createChannel(),
    CHANNEL_TIMEOUT_MS,
    () => new BrokerUnavailableError('RabbitMQ is not reachable'),
  );
  let missing = false;
  channel.on('error', (error: { code?: unknown }) => {
    if (error.code === 404) missing = true;
  });
  try {
    return await channel.checkQueue(queue);
  } catch (error) {
    if (missing || (error as { code?: unknown }).code === 404) return null;
    throw error;
  } finally {
    await channel.close().catch(() => {});
  }
}

/** Depth, consumers and dead letters of each consumer queue, read over AMQP. */
export async function readQueueStates(
  connection: ChannelSource,
  queues: readonly string[],
): Promise<QueueState[]> {
  const states: QueueState[] = [];
  for (const queue of queues) {
    const [main, dlq] = await Promise.all([
      checkCount(connection, queue),
      checkCount(connection, deadLetterQueueName(queue)),
    ]);
    states.push({
      queue,
      depth: main?.messageCount ?? 0,
      consumers: main?.consumerCount ?? 0,
      deadLetters: dlq?.messageCount ?? 0,
      exists: main !== null,
    });
  }
  return states;
}
