import { connectBroker } from '@ticketing/events/connection';
import {
  type DeadLetter,
  discardDeadLetter,
  listDeadLetters,
  replayDeadLetter,
} from '@ticketing/events/dlq';
import { BrokerUnavailableError } from '@ticketing/events/publisher';
import { type QueueState, readQueueStates } from '@ticketing/events/queue-state';
import { consumerQueues } from '@ticketing/events/topology';
import type { Logger } from '@ticketing/log/logger';
import { AppError, notFound } from '@ticketing/trpc/errors';
import type { RecoveringChannelModel } from 'amqplib';

/** A consumer as the admin names it: the key of the shared topology (`inventory`, `orders`, …). */
export type ConsumerName = keyof typeof consumerQueues;

export interface ConsumerQueueState extends QueueState {
  consumer: ConsumerName;
}

/**
 * The event bus as the admin dashboard sees it, read and operated over AMQP with the events
 * package (passive queue checks and basic.get; no management plugin, no other service's
 * database). One connection per process, opened on first use and recovering by itself.
 */
export interface EventBusAdmin {
  queues(): Promise<ConsumerQueueState[]>;
  /** The first `limit` dead letters of a consumer's DLQ, oldest first. */
  deadLetters(consumer: string, limit?: number): Promise<DeadLetter[]>;
  /** Back on the consumer queue for fresh attempts; 404 when no dead letter has this id. */
  replay(consumer: string, id: string): Promise<DeadLetter>;
  /** Dropped for good; 404 when no dead letter has this id. */
  discard(consumer: string, id: string): Promise<DeadLetter>;
  close(): Promise<void>;
}

export interface EventBusAdminOptions {
  rabbitmqUrl: string;
  /** The deployment's queue prefix (EVENTS_QUEUE_PREFIX), as the consumers use it. */
  queuePrefix: string;
  logger?: Logger;
}

const unavailable = (error: unknown) =>
  new AppError(
    'broker_unavailable',
    error instanceof Error ? `RabbitMQ: ${error.message}` : 'RabbitMQ is not reachable',
  );

export function createEventBusAdmin(options: EventBusAdminOptions): EventBusAdmin {
  let connection: Promise<RecoveringChannelModel> | undefined;
  const broker = () =>
    (connection ??= connectBroker({
      url: options.rabbitmqUrl,
      connectionName: 'web:admin',
      logger: options.logger,
    }));
  const consumerNames = Object.keys(consumerQueues) as ConsumerName[];
  const queueOf = (consumer: string): string => {
    const topology = (consumerQueues as Record<string, { queue: string } | undefined>)[consumer];
    if (!topology) throw notFound('consumer queue', consumer);
    return `${options.queuePrefix}${topology.queue}`;
  };
  /** Broker failures are a 503 for the page, not a 500. */
  const guarded = async <T>(work: (model: RecoveringChannelModel) => Promise<T>): Promise<T> => {
    try {
      return await work(await broker());
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof BrokerUnavailableError) throw unavailable(error);
      options.logger?.warn({ err: error }, 'event bus admin call failed');
      throw unavailable(error);
    }
  };
  const settled = (
    consumer: string,
    id: string,
    outcome: Awaited<ReturnType<typeof replayDeadLetter>>,
  ) => {
    if (!outcome.found) throw notFound(`dead letter of ${consumer}`, id);
    return outcome.deadLetter;
  };

  return {
    queues: () =>
      guarded(async (model) => {
        const named = consumerNames.map((consumer) => ({ consumer, queue: queueOf(consumer) }));
        const states = await readQueueStates(
          model,
          named.map((entry) => entry.queue),
        );
        return named.flatMap(({ consumer, queue }) => {
          const state = states.find((candidate) => candidate.queue === queue);
          return state ? [{ ...state, consumer }] : [];
        });
      }),
    deadLetters: (consumer, limit = 100) =>
      guarded((model) => listDeadLetters(model, queueOf(consumer), { limit })),
    replay: (consumer, id) =>
      guarded(async (model) =>
        settled(consumer, id, await replayDeadLetter(model, queueOf(consumer), id)),
      ),
    discard: (consumer, id) =>
      guarded(async (model) =>
        settled(consumer, id, await discardDeadLetter(model, queueOf(consumer), id)),
      ),
    async close() {
      const current = connection;
      connection = undefined;
      if (current) await (await current).close().catch(() => {});
    },
  };
}
