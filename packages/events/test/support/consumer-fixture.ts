import type { Executor } from '@ticketing/db/client';
import { currentRequestId } from '@ticketing/log/request-context';

import {
  type ConsumeOutcome,
  type Consumer,
  type ConsumerOptions,
  startConsumer,
} from '../../src/consumer';
import type { EventEnvelope } from '../../src/envelope';
import { appendOutbox } from '../../src/outbox-writer';
import { consumedEvents, outbox,type TestDatabase } from './database';

export interface HandlerCall {
  envelope: EventEnvelope;
  requestId: string | undefined;
  at: number;
}

/**
 * The effect every test handler has: an `inventory.commit_failed` outbox row for the consumed
 * event, written in the consumer's transaction. Counting those rows counts the applied effects.
 */
export async function recordEffect(tx: Executor, envelope: EventEnvelope): Promise<void> {
  await appendOutbox(tx, outbox, {
    eventType: 'inventory.commit_failed',
    aggregateId: envelope.event_id,
    payload: { hold_id: envelope.aggregate_id, order_id: envelope.event_id, reason: 'test_effect' },
  });
}

export function consumerFixture(database: () => TestDatabase) {
  const running: Consumer[] = [];

  return {
    async start(
      options: Pick<ConsumerOptions, 'url' | 'queue' | 'exchange'> &
        Partial<Omit<ConsumerOptions, 'db' | 'consumedEventsTable' | 'handle'>> & {
          /** Runs after the effect was written; throw to fail the attempt (the effect rolls back). */
          behaviour?: (envelope: EventEnvelope, attempt: number) => Promise<void> | void;
        },
    ) {
      const calls: HandlerCall[] = [];
      const outcomes: ConsumeOutcome[] = [];
      const { behaviour, ...rest } = options;
      const consumer = await startConsumer({
        bindings: ['#'],
        retryDelaysMs: [100, 200],
        reconnect: { initialDelayMs: 50, maxDelayMs: 300 },
        ...rest,
        db: database().db,
        consumedEventsTable: consumedEvents,
        handle: async (envelope, tx) => {
          calls.push({ envelope, requestId: currentRequestId(), at: performance.now() });
          await recordEffect(tx, envelope);
          await behaviour?.(
            envelope,
            calls.filter((call) => call.envelope.event_id === envelope.event_id).length,
          );
        },
        onOutcome: (outcome) => outcomes.push(outcome),
      });
      running.push(consumer);
      await consumer.waitForConnect();
      return {
        consumer,
        calls,
        outcomes,
        callsFor: (eventId: string) => calls.filter((call) => call.envelope.event_id === eventId),
        outcomesFor: (eventId: string) => outcomes.filter((outcome) => outcome.eventId === eventId),
      };
    },
    async stopAll() {
      for (const consumer of running.splice(0)) await consumer.stop();
    },
  };
}
