import type { Executor } from '@ticketing/db/client';
import type { consumedEventsTable } from '@ticketing/db/shared/outbox-table';
import type { Logger } from '@ticketing/log/logger';
import { withRequestId } from '@ticketing/log/request-context';
import type { ChannelModel, ConfirmChannel, ConsumeMessage, MessagePropertyHeaders } from 'amqplib';

import { connectBroker,type ReconnectOptions } from './connection';
import { notifyConsumerObservers } from './consumer-observers';
import { decodeEnvelope,type EventEnvelope } from './envelope';
import { REQUEST_ID_MESSAGE_HEADER } from './publisher';
import { withTimeout } from './timeout';
import {
  deadLetterQueueName,
  declareTopology,
  DEFAULT_EXCHANGE,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_DELAYS_MS,
  delayBefore,
  delayQueueName,
  retryExchangeName,
} from './topology';
import { isDatabaseUnavailable, isDependencyUnavailable } from './transient-error';

export type ConsumedEventsTable = ReturnType<typeof consumedEventsTable>;

/** Headers the consumer writes; the DLQ tools read them back. */
export const ATTEMPT_HEADER = 'x-attempt';
export const ERROR_HEADER = 'x-error';
export const DEAD_LETTERED_AT_HEADER = 'x-dead-lettered-at';
/** Retries made because a dependency was down; they grow the delay but are not attempts. */
export const UNAVAILABLE_RETRIES_HEADER = 'x-unavailable-retries';

export interface ConsumeOutcome {
  eventId: string | null;
  eventType: string | null;
  /** The attempt that just ran (1 for the first delivery). */
  attempt: number;
  result: 'applied' | 'duplicate' | 'retry_scheduled' | 'dead_lettered';
  error?: unknown;
}

export interface ConsumerOptions {
  url: string;
  queue: string;
  /**
   * Routing keys to bind; when given, the consumer declares its whole topology (queue, delay
   * queues, DLQ, exchanges) on every (re)connect, so it also recovers from a wiped broker.
   */
  bindings?: readonly string[];
  exchange?: string;
  retryDelaysMs?: readonly number[];
  maxAttempts?: number;
  /** Messages handled at once; each holds one database connection while it runs. */
  prefetch?: number;
  db: Executor;
  consumedEventsTable: ConsumedEventsTable;
  /** Applies the event inside the transaction that records it as consumed. */
  handle: (envelope: EventEnvelope, tx: Executor) => Promise<void>;
  /**
   * Runs before that transaction, outside it, on every delivery (a duplicate too): for an effect
   * outside the database that a rollback must not reach, such as a payment provider's refund.
   * It must be idempotent. A throw takes the retry path, like a failing handler.
   */
  prepare?: (envelope: EventEnvelope) => Promise<void>;
  logger?: Logger;
  reconnect?: ReconnectOptions;
  /** Observes every settled message (metrics, tests). */
  onOutcome?: (outcome: ConsumeOutcome) => void;
}

export interface Consumer {
  /** Resolves once the queue is being consumed (rejects after `timeoutMs`). */
  waitForConnect(timeoutMs?: number): Promise<void>;
  /** Stops taking messages, lets the ones in hand finish, closes the connection. */
  stop(): Promise<void>;
}

const truncate = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length)}…` : text;
const describeError = (error: unknown) =>
  truncate(error instanceof Error ? error.message : String(error), 500);

function countHeader(message: ConsumeMessage, header: string, fallback: number): number {
  const value: unknown = message.properties.headers?.[header];
  return typeof value === 'number' && Number.isInteger(value) && value >= fallback ? value : fallback;
}
const attemptOf = (message: ConsumeMessage) => countHeader(message, ATTEMPT_HEADER, 1);

/** Publishes a copy of `message` (same body and properties) and resolves on the broker's confirm. */
function forward(
  channel: ConfirmChannel,
  message: ConsumeMessage,
  exchange: string,
  routingKey: string,
  headers: MessagePropertyHeaders,
): Promise<void> {
  // x-death is the broker's own bookkeeping of the delay-queue round trips; attempts are counted in x-attempt.
  const { 'x-death': _death, ...kept } = message.properties.headers ?? {};
  return new Promise((resolve, reject) => {
    channel.publish(
      exchange,
      routingKey,
      message.content,
      { ...message.properties, persistent: true, headers: { ...kept, ...headers } },
      (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('nacked')) : resolve(),
    );
  });
}

/**
 * Consumes one queue with exactly-once effects on top of at-least-once delivery: the event id is
 * inserted into `consumed_events` in the same transaction as the handler's effect, so a redelivery
 * finds the row and is acknowledged without running the handler again. A failing handler's
 * transaction rolls back and the message goes to the retry path (growing delay), then to the DLQ
 * after `maxAttempts`; an unreadable message goes to the DLQ at once. Acks happen only after the
 * transaction committed or the message was safely forwarded (confirmed).
 */
export async function startConsumer(options: ConsumerOptions): Promise<Consumer> {
  const exchange = options.exchange ?? DEFAULT_EXCHANGE;
  const retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const { queue, db, consumedEventsTable: consumed, logger: log } = options;
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let active: { channel: ConfirmChannel; consumerTag: string } | null = null;

  const report = (outcome: ConsumeOutcome) => {
    try {
      notifyConsumerObservers(queue, outcome);
      options.onOutcome?.(outcome);
    } catch (error) {
      log?.error({ err: error }, 'onOutcome listener failed');
    }
  };

  const deadLetter = (
    channel: ConfirmChannel,
    message: ConsumeMessage,
    attempt: number,
    error: unknown,
  ) =>
    forward(channel, message, '', deadLetterQueueName(queue), {
      [ATTEMPT_HEADER]: attempt,
      [ERROR_HEADER]: describeError(error),
      [DEAD_LETTERED_AT_HEADER]: new Date().toISOString(),
    });

  const apply = (envelope: EventEnvelope) =>
    db.transaction(async (tx) => {
      const recorded = await tx
        .insert(consumed)
        .values({ eventId: envelope.event_id, eventType: envelope.event_type })
        .onConflictDoNothing()
        .returning({ eventId: consumed.eventId });
      if (recorded.length === 0) return 'duplicate' as const;
      await options.handle(envelope, tx);
      return 'applied' as const;
    });

  const processMessage = async (
    channel: ConfirmChannel,
    message: ConsumeMessage,
  ): Promise<void> => {
    const attempt = attemptOf(message);
    let envelope: EventEnvelope;
    try {
      envelope = decodeEnvelope(message.content);
    } catch (error) {
      log?.error(
        { err: error, message_id: message.properties.messageId },
        'unreadable event sent to the DLQ',
      );
      await deadLetter(channel, message, attempt, error);
      channel.ack(message);
      report({ eventId: null, eventType: null, attempt, result: 'dead_lettered', error });
      return;
    }

    const header: unknown = message.properties.headers?.[REQUEST_ID_MESSAGE_HEADER];
    const requestId = envelope.correlation_id ?? (typeof header === 'string' ? header : undefined);
    await withRequestId(requestId, async () => {
      const ids = { eventId: envelope.event_id, eventType: envelope.event_type };
      let result: 'applied' | 'duplicate';
      try {
        await options.prepare?.(envelope);
        result = await apply(envelope);
      } catch (error) {
        await settleFailure(channel, message, ids, attempt, error);
        return;
      }
      // Committed: if this ack is lost, the redelivery meets the consumed_events row.
      channel.ack(message);
      log?.debug({ event_id: ids.eventId, event_type: ids.eventType, result }, 'event consumed');
      report({ ...ids, attempt, result });
    });
  };

  /** The handler failed and its transaction rolled back: retry later, or give up to the DLQ. */
  const settleFailure = async (
    channel: ConfirmChannel,
    message: ConsumeMessage,
    ids: { eventId: string; eventType: string },
    attempt: number,
    error: unknown,
  ) => {
    // An unreachable database, or a service the handler needs being down, is not the event's
    // fault: retry later without using up an attempt. The delay grows with the retries made so far
    // and stays at the last one, so an outage of any length is waited out, never dead-lettered.
    const unavailable = isDatabaseUnavailable(error) || isDependencyUnavailable(error);
    const nextAttempt = unavailable ? attempt : attempt + 1;
    const unavailableRetries =
      countHeader(message, UNAVAILABLE_RETRIES_HEADER, 0) + (unavailable ? 1 : 0);
    if (nextAttempt > maxAttempts) {
      log?.error({ err: error, ...ids, attempt }, 'event failed its last attempt; sent to the DLQ');
      await deadLetter(channel, message, attempt, error);
      channel.ack(message);
      report({ ...ids, attempt, result: 'dead_lettered', error });
      return;
    }
    const delayQueue = delayQueueName(
      queue,
      delayBefore(Math.max(nextAttempt + unavailableRetries, 2), retryDelaysMs),
    );
    log?.warn(
      { err: error, ...ids, attempt, retry_via: delayQueue },
      'event failed; retry scheduled',
    );
    await forward(channel, message, retryExchangeName(exchange), delayQueue, {
      [ATTEMPT_HEADER]: nextAttempt,
      [UNAVAILABLE_RETRIES_HEADER]: unavailableRetries,
      [ERROR_HEADER]: describeError(error),
    });
    channel.ack(message);
    report({ ...ids, attempt, result: 'retry_scheduled', error });
  };

  const track = (channel: ConfirmChannel, message: ConsumeMessage) => {
    const work = processMessage(channel, message).catch((error: unknown) => {
      // Forwarding failed (channel or connection gone): the message stays unacked and the broker
      // redelivers it once this channel is closed. Nothing is lost, nothing spins.
      log?.error({ err: error }, 'could not settle a message; it will be redelivered');
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });

  const setup = async (model: ChannelModel) => {
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => log?.warn({ err: error }, 'consumer channel error'));
    channel.on('close', () => {
      if (active?.channel === channel) active = null;
      // A channel can die alone (e.g. a broker-side error); dropping the connection makes the
      // recovery reconnect and run this setup again.
      if (!stopping) model.close().catch(() => {});
    });
    if (options.bindings) {
      await declareTopology(channel, {
        exchange,
        consumers: [{ queue, bindings: options.bindings }],
        retryDelaysMs,
      });
    }
    await channel.prefetch(options.prefetch ?? 10);
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (message) track(channel, message);
      // A null message means the broker cancelled the consumer (queue deleted): reconnect.
      else if (!stopping) model.close().catch(() => {});
    });
    active = { channel, consumerTag };
    markStarted();
  };

  const connection = await connectBroker({
    url: options.url,
    reconnect: options.reconnect,
    setup,
    logger: log,
    connectionName: `consumer:${queue}`,
  });

  return {
    waitForConnect: (timeoutMs = 10_000) =>
      withTimeout(
        started,
        timeoutMs,
        () => new Error(`consumer of ${queue} did not start in time`),
      ),
    async stop() {
      if (stopping) return;
      stopping = true;
      const current = active;
      if (current) await current.channel.cancel(current.consumerTag).catch(() => {});
      await Promise.allSettled([...inFlight]);
      await connection.close();
    },
  };
}
