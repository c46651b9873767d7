import type { Executor } from '@ticketing/db/client';
import { events, sessions, ticketTypes } from '@ticketing/db/main/catalog';
import { AppError } from '@ticketing/trpc/errors';
import { decodeCursor, encodeCursor } from '@ticketing/trpc/public/page-cursor';
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';

import type { TicketTypeRef } from '../inventory/availability-cache';
import { matchesEveryTerm, searchTerms } from './search-terms';

export interface UpcomingQuery {
  /** Free text: every word must appear in the name, location or description. */
  q?: string;
  /** Only sessions still running at or after this instant… */
  from?: Date;
  /** …and starting before this one. */
  to?: Date;
  cursor?: string;
  limit: number;
  /** The present; a parameter so a test can place it. */
  now?: Date;
}

export interface UpcomingEventRow {
  id: string;
  name: string;
  location: string;
  image_url: string | null;
  /** The earliest matching session's start. */
  next_starts_at: string;
  /** The cheapest ticket of the matching sessions (decimal string); null when none is on sale yet. */
  from_price: string | null;
  /** Seats of the matching sessions' ticket types. */
  capacity: number;
}

export interface UpcomingEventsPage {
  results: UpcomingEventRow[];
  /** The matching sessions' ticket types of this page's events, for live availability. */
  ticketTypes: (TicketTypeRef & { eventId: string })[];
  next_cursor: string | null;
}

/** The session's start with PostgreSQL's microseconds, as the page cursor carries it. */
const nextStartsAt = sql<string>`to_char(min(${sessions.startsAt}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Events with at least one session that has not ended (and, with a date range, runs during it),
 * soonest first, on a cursor over (next start, id). The next start only grows as sessions end, so a
 * page boundary never skips an event; at worst one reappears on the next page (the client dedupes).
 *
 * Not cached: a page spans every event's sessions, while admin writes invalidate one event's scope,
 * so a cached page could outlive a new session or a price change. It is one indexed query.
 */
export async function listUpcomingEvents(
  db: Executor,
  { q, from, to, cursor, limit, now = new Date() }: UpcomingQuery,
): Promise<UpcomingEventsPage> {
  let after: { startsAt: string; id: string } | null = null;
  if (cursor !== undefined) {
    const decoded = decodeCursor(cursor);
    if (!decoded) {
      throw new AppError('validation_error', 'Invalid cursor', {
        fields: { cursor: 'Invalid cursor' },
      });
    }
    after = { startsAt: decoded.createdAt, id: decoded.id };
  }

  const runsAfter = from && from > now ? from : now;
  const sessionMatches = and(
    eq(sessions.eventId, events.id),
    gt(sessions.endsAt, runsAfter),
    to ? lt(sessions.startsAt, to) : undefined,
  );

  const rows = await db
    .select({
      id: events.id,
      name: events.name,
      location: events.location,
      imageUrl: events.imageUrl,
      nextStartsAt,
      fromPrice: sql<string | null>`min(${ticketTypes.price})::text`,
      capacity: sql<number>`coalesce(sum(${ticketTypes.quantity}), 0)::int`,
    })
    .from(events)
    .innerJoin(sessions, sessionMatches)
    .leftJoin(ticketTypes, eq(ticketTypes.sessionId, sessions.id))
    .where(matchesEveryTerm(searchTerms(q), [events.name, events.location, events.description]))
    .groupBy(events.id)
    .having(
      after
        ? sql`(min(${sessions.startsAt}), ${events.id}) > (${after.startsAt}::timestamptz, ${after.id}::uuid)`
        : undefined,
    )
    .orderBy(sql`min(${sessions.startsAt})`, asc(events.id))
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const types =
    page.length === 0
      ? []
      : await db
          .select({
            id: ticketTypes.id,
            sessionId: ticketTypes.sessionId,
            quantity: ticketTypes.quantity,
            eventId: events.id,
          })
          .from(ticketTypes)
          .innerJoin(sessions, eq(sessions.id, ticketTypes.sessionId))
          .innerJoin(events, sessionMatches)
          .where(
            inArray(
              events.id,
              page.map((row) => row.id),
            ),
          );

  return {
    results: page.map((row) => ({
      id: row.id,
      name: row.name,
      location: row.location,
      image_url: row.imageUrl,
      next_starts_at: new Date(row.nextStartsAt).toISOString(),
      from_price: row.fromPrice,
      capacity: row.capacity,
    })),
    ticketTypes: types,
    next_cursor:
      rows.length > limit && last
        ? encodeCursor({ createdAt: last.nextStartsAt, id: last.id })
        : null,
  };
}

/** Each event's seats still available: the sum over its matching ticket types. */
export function sumAvailability(
  page: UpcomingEventsPage,
  available: ReadonlyMap<string, number>,
): Map<string, number> {
  const perEvent = new Map<string, number>();
  for (const type of page.ticketTypes) {
    const seats = available.get(type.id) ?? type.quantity;
    perEvent.set(type.eventId, (perEvent.get(type.eventId) ?? 0) + seats);
  }
  return perEvent;
}
