import type { Executor } from '@ticketing/db/client';
import { events } from '@ticketing/db/main/catalog';
import { AppError, notFound } from '@ticketing/trpc/errors';
import type { EventDto, EventPage } from '@ticketing/trpc/public/catalog';
import { type Cursor, decodeCursor, encodeCursor } from '@ticketing/trpc/public/page-cursor';
import { asc, eq, sql } from 'drizzle-orm';

import { refuseWhenReferenced } from './db-errors';

const eventColumns = {
  id: events.id,
  name: events.name,
  description: events.description,
  location: events.location,
  imageUrl: events.imageUrl,
  createdAt: events.createdAt,
  updatedAt: events.updatedAt,
};

type EventRow = Pick<typeof events.$inferSelect, keyof typeof eventColumns>;

const toEventDto = (row: EventRow): EventDto => ({
  id: row.id,
  name: row.name,
  description: row.description,
  location: row.location,
  image_url: row.imageUrl,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

/** created_at as PostgreSQL stores it (microseconds), for the page cursor. */
const cursorTimestamp = sql<string>`to_char(${events.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function listEvents(
  db: Executor,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<EventPage> {
  let after: Cursor | null = null;
  if (cursor !== undefined) {
    after = decodeCursor(cursor);
    if (!after) {
      throw new AppError('validation_error', 'Invalid cursor', {
        fields: { cursor: 'Invalid cursor' },
      });
    }
  }
  const rows = await db
    .select({ ...eventColumns, cursorAt: cursorTimestamp })
    .from(events)
    .where(
      after
        ? sql`(${events.createdAt}, ${events.id}) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`
        : undefined,
    )
    .orderBy(asc(events.createdAt), asc(events.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    results: page.map(toEventDto),
    next_cursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

export async function findEvent(db: Executor, id: string): Promise<EventDto | null> {
  const [row] = await db.select(eventColumns).from(events).where(eq(events.id, id));
  return row ? toEventDto(row) : null;
}

export async function eventExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: events.id }).from(events).where(eq(events.id, id));
  return row !== undefined;
}

export interface EventFields {
  name: string;
  description: string;
  location: string;
  image_url?: string | null;
}

/** `id` is only given by the seed, whose demo events have fixed ids so it can run twice. */
export async function createEvent(db: Executor, fields: EventFields & { id?: string }) {
  const [row] = await db
    .insert(events)
    .values({
      id: fields.id,
      name: fields.name,
      description: fields.description,
      location: fields.location,
      imageUrl: fields.image_url ?? null,
    })
    .returning(eventColumns);
  if (!row) throw new Error('insert into events returned no row');
  return toEventDto(row);
}

export async function updateEvent(
  db: Executor,
  id: string,
  fields: Partial<EventFields>,
): Promise<EventDto> {
  const [row] = await db
    .update(events)
    .set({
      name: fields.name,
      description: fields.description,
      location: fields.location,
      imageUrl: fields.image_url,
      updatedAt: new Date(),
    })
    .where(eq(events.id, id))
    .returning(eventColumns);
  if (!row) throw notFound('event', id);
  return toEventDto(row);
}

/** Deletes an event (its sessions and ticket types with it); returns what it was called. */
export async function deleteEvent(db: Executor, id: string): Promise<{ name: string }> {
  const [deleted] = await refuseWhenReferenced('event', () =>
    db.delete(events).where(eq(events.id, id)).returning({ name: events.name }),
  );
  if (!deleted) throw notFound('event', id);
  return deleted;
}
