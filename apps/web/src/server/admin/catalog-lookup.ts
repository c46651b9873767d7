import type { Executor } from '@ticketing/db/client';
import { events, sessions, ticketTypes } from '@ticketing/db/main/catalog';
import { holds } from '@ticketing/db/main/holds';
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';

/**
 * What the admin pages need from the web's own catalog to talk to orders and inventory, which
 * know sessions and ticket types by id only: an event's sessions, and names to show beside ids.
 */

export interface CatalogTicketType {
  ticketTypeId: string;
  name: string;
  sessionId: string;
  startsAt: Date;
  eventId: string;
  eventName: string;
}

/** The most sessions an unfiltered page resolves (the services accept 500 ids per call). */
const MAX_SESSIONS = 500;

/** Session ids of one event; empty when it has none or does not exist. */
export async function sessionIdsOfEvent(db: Executor, eventId: string): Promise<string[]> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.eventId, eventId))
    .orderBy(asc(sessions.startsAt))
    .limit(MAX_SESSIONS);
  return rows.map((row) => row.id);
}

const ticketTypeColumns = {
  ticketTypeId: ticketTypes.id,
  name: ticketTypes.name,
  sessionId: sessions.id,
  startsAt: sessions.startsAt,
  eventId: events.id,
  eventName: events.name,
};

/** Ticket types with their session and event, of one event or of the latest sessions of all. */
export function catalogTicketTypes(db: Executor, eventId?: string): Promise<CatalogTicketType[]> {
  return db
    .select(ticketTypeColumns)
    .from(ticketTypes)
    .innerJoin(sessions, eq(sessions.id, ticketTypes.sessionId))
    .innerJoin(events, eq(events.id, sessions.eventId))
    .where(eventId === undefined ? undefined : eq(events.id, eventId))
    .orderBy(
      desc(sessions.startsAt),
      asc(events.name),
      asc(ticketTypes.price),
      asc(ticketTypes.name),
    )
    .limit(MAX_SESSIONS);
}

/** Names of the given ticket types (deleted ones are simply missing). */
export async function ticketTypeNames(
  db: Executor,
  ticketTypeIds: readonly string[],
): Promise<Map<string, CatalogTicketType>> {
  const ids = [...new Set(ticketTypeIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(ticketTypeColumns)
    .from(ticketTypes)
    .innerJoin(sessions, eq(sessions.id, ticketTypes.sessionId))
    .innerJoin(events, eq(events.id, sessions.eventId))
    .where(inArray(ticketTypes.id, ids));
  return new Map(rows.map((row) => [row.ticketTypeId, row]));
}

export interface HoldCounts {
  /** Holds that have seats right now. */
  active: number;
  /** Holds placed in the range that got seats (converted, expired or released since, or still active). */
  placed: number;
}

/**
 * Hold figures for the dashboard over the (status, expires_at) index: a hold expires HOLD_TTL
 * after it is placed, so the holds placed in [from, to) are the ones expiring in the same window
 * shifted by the TTL — no scan of the whole table, no index of its own.
 */
export async function holdCounts(
  db: Executor,
  range: { from: Date; to: Date; holdTtlSeconds: number; sessionIds?: string[] },
): Promise<HoldCounts> {
  const shift = range.holdTtlSeconds * 1000;
  const ofSessions =
    range.sessionIds === undefined ? undefined : inArray(holds.sessionId, range.sessionIds);
  const [active] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(holds)
    .where(and(eq(holds.status, 'active'), gt(holds.expiresAt, sql`now()`), ofSessions));
  const [placed] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(holds)
    .where(
      and(
        inArray(holds.status, ['active', 'converted', 'expired', 'released']),
        sql`${holds.expiresAt} >= ${new Date(range.from.getTime() + shift)}`,
        sql`${holds.expiresAt} < ${new Date(range.to.getTime() + shift)}`,
        ofSessions,
      ),
    );
  return { active: active?.count ?? 0, placed: placed?.count ?? 0 };
}
