import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';

import { timestamptz } from './columns';

/**
 * The transactional outbox, identical in every database: a row is written in the same transaction
 * as the change it announces, and a relay publishes it later. `id` is the event_id of the envelope.
 */
export const outboxTable = () =>
  pgTable(
    'outbox',
    {
      id: uuid('id').primaryKey(),
      eventType: text('event_type').notNull(),
      aggregateId: uuid('aggregate_id').notNull(),
      idempotencyKey: text('idempotency_key'),
      correlationId: text('correlation_id'),
      payload: jsonb('payload').notNull(),
      occurredAt: timestamptz('occurred_at').notNull().defaultNow(),
      publishedAt: timestamptz('published_at'),
      attempts: integer('attempts').notNull().default(0),
    },
    (t) => [
      // The relay only ever scans unpublished rows, oldest first.
      index('outbox_unpublished_idx').on(t.occurredAt).where(sql`${t.publishedAt} is null`),
      // Retention deletes published rows by age (packages/events/src/retention.ts).
      index('outbox_published_at_idx')
        .on(t.publishedAt)
        .where(sql`${t.publishedAt} is not null`),
    ],
  );

/** Events a consumer has applied, written in the same transaction as the effect (dedupe). */
export const consumedEventsTable = () =>
  pgTable(
    'consumed_events',
    {
      eventId: uuid('event_id').primaryKey(),
      eventType: text('event_type').notNull(),
      consumedAt: timestamptz('consumed_at').notNull().defaultNow(),
    },
    // Retention deletes rows by age (packages/events/src/retention.ts).
    (t) => [index('consumed_events_consumed_at_idx').on(t.consumedAt)],
  );
