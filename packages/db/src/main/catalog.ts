import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';

import { createdAt, id, money, timestamptz, updatedAt } from '../shared/columns';

export const events = pgTable(
  'events',
  {
    id: id(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    location: text('location').notNull(),
    imageUrl: text('image_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('events_name_not_blank', sql`length(trim(${t.name})) > 0`),
    // Cursor pagination walks (created_at, id).
    index('events_created_at_id_idx').on(t.createdAt, t.id),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    totalCapacity: integer('total_capacity').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('sessions_ends_after_starts', sql`${t.endsAt} > ${t.startsAt}`),
    check('sessions_capacity_positive', sql`${t.totalCapacity} > 0`),
    index('sessions_event_id_starts_at_idx').on(t.eventId, t.startsAt),
  ],
);

export const ticketTypes = pgTable(
  'ticket_types',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    price: money('price').notNull(),
    quantity: integer('quantity').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('ticket_types_price_non_negative', sql`${t.price} >= 0`),
    check('ticket_types_quantity_positive', sql`${t.quantity} > 0`),
    unique('ticket_types_session_id_name_key').on(t.sessionId, t.name),
  ],
);
