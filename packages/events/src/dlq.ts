import { createHash } from 'node:crypto';

import type { ConfirmChannel, GetMessage } from 'amqplib';

import type { ChannelSource } from './connection';
import { ATTEMPT_HEADER, DEAD_LETTERED_AT_HEADER, ERROR_HEADER } from './consumer';
import { decodeEnvelope,type EventEnvelope } from './envelope';
import { BrokerUnavailableError } from './publisher';
import { withTimeout } from './timeout';
import { deadLetterQueueName } from './topology';

/** An admin page must get an answer even while RabbitMQ is away. */
const CHANNEL_TIMEOUT_MS = 5_000;
const unavailable = () => new BrokerUnavailableError('RabbitMQ is not reachable');

export interface DeadLetter {
  /**
   * How the admin names this message for replay or discard: the envelope's event_id, else the
   * AMQP message id, else `sha256:` + the first 32 hex digits of the body's hash (an unreadable
   * message without a message id). Copies of one event share an id; an operation takes the first.
   */
  id: string;
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
  const eventId = envelope?.event_id ?? (typeof messageId === 'string' ? messageId : null);
  return {
    id:
      eventId ??
      `sha256:${createHash('sha256').update(message.content).digest('hex').slice(0, 32)}`,
    eventId,
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
      await resend(channel, queue, message);
      channel.ack(message);
      replayed += 1;
    }
    return { replayed };
  });
}

/** A copy of a dead letter back on its consumer queue, with fresh attempts; resolves on the confirm. */
function resend(channel: ConfirmChannel, queue: string, message: GetMessage): Promise<void> {
  const {
    [ATTEMPT_HEADER]: _attempt,
    [ERROR_HEADER]: _error,
    [DEAD_LETTERED_AT_HEADER]: _at,
    'x-death': _death,
    ...headers
  } = message.properties.headers ?? {};
  return new Promise<void>((resolve, reject) => {
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
}

/** How far one replay or discard looks for its message (AMQP can only take messages in order). */
export const DEAD_LETTER_SCAN_LIMIT = 1_000;

export type DeadLetterOutcome = { found: true; deadLetter: DeadLetter } | { found: false };

/**
 * Replays or discards the first dead letter named `id` (see `DeadLetter.id`) within the first
 * `scanLimit` messages of the DLQ. The messages looked at before it go back unchanged when the
 * channel closes. A replay removes the message only after the broker confirmed its copy, so it is
 * never lost; a replayed event that was applied meanwhile is absorbed by the consumer's dedupe.
 */
async function settleOne(
  connection: ChannelSource,
  queue: string,
  id: string,
  action: 'replay' | 'discard',
  scanLimit: number,
): Promise<DeadLetterOutcome> {
  const channel = await withTimeout(
    connection.createConfirmChannel(),
    CHANNEL_TIMEOUT_MS,
    unavailable,
  );
  channel.on('error', () => {});
  try {
    for (let scanned = 0; scanned < scanLimit; scanned += 1) {
      const message = await channel.get(deadLetterQueueName(queue), { noAck: false });
      if (!message) break;
      const deadLetter = toDeadLetter(message);
      if (deadLetter.id !== id) continue;
      if (action === 'replay') await resend(channel, queue, message);
      channel.ack(message);
      return { found: true, deadLetter };
    }
    return { found: false };
  } finally {
    await channel.close().catch(() => {});
  }
}

export const replayDeadLetter = (
  connection: ChannelSource,
  queue: string,
  id: string,
  { scanLimit = DEAD_LETTER_SCAN_LIMIT }: { scanLimit?: number } = {},
) => settleOne(connection, queue, id, 'replay', scanLimit);

/** Drops one dead letter for good (an event the admin decided must not be applied). */
export const discardDeadLetter = (
  connection: ChannelSource,
  queue: string,
  id: string,
  { scanLimit = DEAD_LETTER_SCAN_LIMIT }: { scanLimit?: number } = {},
) => settleOne(connection, queue, id, 'discard', scanLimit);
