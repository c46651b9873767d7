import type { ConfirmChannel, GetMessage } from 'amqplib';
import type { ChannelSource } from './connection';
import { ATTEMPT_HEADER, DEAD_LETTERED_AT_HEADER, ERROR_HEADER } from './consumer';
import { type EventEnvelope, decodeEnvelope } from './envelope';
import { BrokerUnavailableError } from './publisher';
import { withTimeout } from './timeout';
import { deadLetterQueueName } from './topology';

/** An admin page must get an answer even while RabbitMQ is away. */
const CHANNEL_TIMEOUT_MS = 5_000;
const unavailable = () => new BrokerUnavailableError('RabbitMQ is not reachable');

export interface DeadLetter {
  eventId: string | null;
  eventType: string | null;
  attempts: number;
  error: string | null;
  deadLetteredAt: string | null;
  /** The envelope when the body is valid; null for an unreadable message (see `body`). */
  envelope: EventEnvelope | null;
  body: string;
}

const stringHeader = (message: GetMessage, name: string): string | null => {
  const value: unknown = message.properties.headers?.[name];
  return typeof value === 'string' ? value : null;
};

function toDeadLetter(message: GetMessage): DeadLetter {
  const body = message.content.toString();
  let envelope: EventEnvelope | null = null;
  try {
    envelope = decodeEnvelope(message.content);
  } catch {
    envelope = null;
  }
  const attempts: unknown = message.properties.headers?.[ATTEMPT_HEADER];
  const messageId: unknown = message.properties.messageId;
  const type: unknown = message.properties.type;
  return {
    eventId: envelope?.event_id ?? (typeof messageId === 'string' ? messageId : null),
    eventType: envelope?.event_type ?? (typeof type === 'string' ? type : null),
    attempts: typeof attempts === 'number' ? attempts : 0,
    error: stringHeader(message, ERROR_HEADER),
    deadLetteredAt: stringHeader(message, DEAD_LETTERED_AT_HEADER),
    envelope,
    body,
  };
}

/**
 * Takes up to `limit` messages off the DLQ without acknowledging them and hands them to `work`.
 * Whatever `work` does not ack goes back to the queue when the channel closes (in its original
 * place), so reading never loses a message. AMQP has no "peek": a concurrent reader sees fewer.
 */
async function withDeadLetters<T>(
  connection: ChannelSource,
  queue: string,
  limit: number,
  work: (channel: ConfirmChannel, messages: GetMessage[]) => Promise<T>,
): Promise<T> {
  const channel = await withTimeout(
    connection.createConfirmChannel(),
    CHANNEL_TIMEOUT_MS,
    unavailable,
  );
  channel.on('error', () => {});
  try {
    const messages: GetMessage[] = [];
    while (messages.length < limit) {
      const message = await channel.get(deadLetterQueueName(queue), { noAck: false });
      if (!message) break;
      messages.push(message);
    }
    return await work(channel, messages);
  } finally {
    await channel.close().catch(() => {});
  }
}

/** Messages in the consumer queue's DLQ, oldest first (for the admin dashboard). */
export async function listDeadLetters(
  connection: ChannelSource,
  queue: string,
  { limit = 100 }: { limit?: number } = {},
): Promise<DeadLetter[]> {
  return withDeadLetters(connection, queue, limit, async (_, messages) =>
    messages.map(toDeadLetter),
  );
}

/** Number of messages waiting in the consumer queue's DLQ. */
export async function countDeadLetters(connection: ChannelSource, queue: string): Promise<number> {
  const channel = await withTimeout(connection.createChannel(), CHANNEL_TIMEOUT_MS, unavailable);
  channel.on('error', () => {});
  try {
    const { messageCount } = await channel.checkQueue(deadLetterQueueName(queue));
    return messageCount;
  } finally {
    await channel.close().catch(() => {});
  }
}

/**
 * Sends dead letters back to their consumer queue for a fresh set of attempts: all of them, or
 * only those whose event id is listed. Each is removed from the DLQ only after the broker confirmed
 * the copy, so a failure midway duplicates at worst (the consumer's dedupe absorbs it), never loses.
 */
export async function replayDeadLetters(
  connection: ChannelSource,
  queue: string,
  { eventIds, limit = 1_000 }: { eventIds?: readonly string[]; limit?: number } = {},
): Promise<{ replayed: number }> {
  const wanted = eventIds ? new Set(eventIds) : null;
  return withDeadLetters(connection, queue, limit, async (channel, messages) => {
    let replayed = 0;
    for (const message of messages) {
      const { eventId } = toDeadLetter(message);
      if (wanted && (!eventId || !wanted.has(eventId))) continue;
      const {
        [ATTEMPT_HEADER]: _attempt,
        [ERROR_HEADER]: _error,
        [DEAD_LETTERED_AT_HEADER]: _at,
        'x-death': _death,
        ...headers
      } = message.properties.headers ?? {};
      await new Promise<void>((resolve, reject) => {
        channel.sendToQueue(
          queue,
          message.content,
          {
            ...message.properties,
            persistent: true,
            headers: { ...headers, 'x-replayed-at': new Date().toISOString() },
          },
          (error: unknown) =>
            error ? reject(error instanceof Error ? error : new Error('nacked')) : resolve(),
        );
      });
      channel.ack(message);
      replayed += 1;
    }
    return { replayed };
  });
}
