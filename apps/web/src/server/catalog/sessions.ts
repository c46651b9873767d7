import type { Executor } from '@ticketing/db/client';
import { sessions, ticketTypes } from '@ticketing/db/main/catalog';
import { AppError, notFound } from '@ticketing/trpc/errors';
import type { CatalogSession } from '@ticketing/trpc/public/catalog';
import { asc, eq, inArray } from 'drizzle-orm';

import type { AdminSession } from './admin-catalog-schemas';
import { pgErrorCode, refuseWhenReferenced } from './db-errors';
import { eventExists } from './events';
import { allocatedQuantity, assertWithinCapacity, lockSession } from './session-capacity';

const FOREIGN_KEY_VIOLATION = '23503';

const sessionColumns = {
  id: sessions.id,
  eventId: sessions.eventId,
  startsAt: sessions.startsAt,
  endsAt: sessions.endsAt,
  totalCapacity: sessions.totalCapacity,
  createdAt: sessions.createdAt,
  updatedAt: sessions.updatedAt,
};

type SessionRow = Pick<typeof sessions.$inferSelect, keyof typeof sessionColumns>;

const toAdminSession = (row: SessionRow): AdminSession => ({
  id: row.id,
  event_id: row.eventId,
  starts_at: row.startsAt.toISOString(),
  ends_at: row.endsAt.toISOString(),
  total_capacity: row.totalCapacity,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

/** An event's sessions with their ticket types, or null when the event does not exist. */
export async function listCatalogSessions(
  db: Executor,
  eventId: string,
): Promise<CatalogSession[] | null> {
  if (!(await eventExists(db, eventId))) return null;
  const sessionRows = await db
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      totalCapacity: sessions.totalCapacity,
    })
    .from(sessions)
    .where(eq(sessions.eventId, eventId))
    .orderBy(asc(sessions.startsAt), asc(sessions.id));
  const typeRows =
    sessionRows.length === 0
      ? []
      : await db
          .select({
            id: ticketTypes.id,
            sessionId: ticketTypes.sessionId,
            name: ticketTypes.name,
            price: ticketTypes.price,
            quantity: ticketTypes.quantity,
          })
          .from(ticketTypes)
          .where(
            inArray(
              ticketTypes.sessionId,
              sessionRows.map((row) => row.id),
            ),
          )
          .orderBy(asc(ticketTypes.price), asc(ticketTypes.name));
  return sessionRows.map((session) => ({
    id: session.id,
    starts_at: session.startsAt.toISOString(),
    ends_at: session.endsAt.toISOString(),
    total_capacity: session.totalCapacity,
    ticket_types: typeRows
      .filter((type) => type.sessionId === session.id)
      .map(({ id, name, price, quantity }) => ({ id, name, price, quantity })),
  }));
}

export interface SessionFields {
  starts_at: string;
  ends_at: string;
  total_capacity: number;
}

function assertOrdered(startsAt: Date, endsAt: Date): void {
  if (endsAt > startsAt) return;
  const message = 'ends_at must be after starts_at';
  throw new AppError('validation_error', `Invalid input: ends_at: ${message}`, {
    fields: { ends_at: message },
  });
}

export async function createSession(
  db: Executor,
  eventId: string,
  fields: SessionFields & { id?: string },
): Promise<AdminSession> {
  const startsAt = new Date(fields.starts_at);
  const endsAt = new Date(fields.ends_at);
  assertOrdered(startsAt, endsAt);
  try {
    const [row] = await db
      .insert(sessions)
      .values({
        id: fields.id,
        eventId,
        startsAt,
        endsAt,
        totalCapacity: fields.total_capacity,
      })
      .returning(sessionColumns);
    if (!row) throw new Error('insert into sessions returned no row');
    return toAdminSession(row);
  } catch (error) {
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) throw notFound('event', eventId);
    throw error;
  }
}

/** Moves or resizes a session; the new capacity must still hold its ticket types. */
export async function updateSession(
  db: Executor,
  id: string,
  fields: Partial<SessionFields>,
): Promise<AdminSession> {
  return db.transaction(async (tx) => {
    const current = await lockSession(tx, id);
    if (!current) throw notFound('session', id);
    const startsAt = fields.starts_at ? new Date(fields.starts_at) : current.startsAt;
    const endsAt = fields.ends_at ? new Date(fields.ends_at) : current.endsAt;
    assertOrdered(startsAt, endsAt);
    if (fields.total_capacity !== undefined) {
      assertWithinCapacity(
        'total_capacity',
        await allocatedQuantity(tx, id),
        fields.total_capacity,
      );
    }
    const [row] = await tx
      .update(sessions)
      .set({ startsAt, endsAt, totalCapacity: fields.total_capacity, updatedAt: new Date() })
      .where(eq(sessions.id, id))
      .returning(sessionColumns);
    if (!row) throw notFound('session', id);
    return toAdminSession(row);
  });
}

/** Deletes a session and its ticket types; returns the event it belonged to and its start. */
export async function deleteSession(
  db: Executor,
  id: string,
): Promise<{ eventId: string; startsAt: Date }> {
  const [row] = await refuseWhenReferenced('session', () =>
    db
      .delete(sessions)
      .where(eq(sessions.id, id))
      .returning({ eventId: sessions.eventId, startsAt: sessions.startsAt }),
  );
  if (!row) throw notFound('session', id);
  return row;
}
