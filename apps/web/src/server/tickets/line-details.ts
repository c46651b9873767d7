import type { Executor } from '@ticketing/db/client';
import { events, sessions, ticketTypes } from '@ticketing/db/main/catalog';
import { eq, inArray } from 'drizzle-orm';

/** What a buyer reads about one line of a hold or an order: the event, its session, the ticket type. */
export interface LineDetails {
  event_id: string;
  event_name: string;
  location: string;
  image_url: string | null;
  starts_at: string;
  ends_at: string;
  ticket_type_name: string;
}

export interface LineRef {
  session_id: string;
  ticket_type_id: string;
}

export const lineKey = (line: LineRef) => `${line.session_id}/${line.ticket_type_id}`;

/**
 * The catalog names of the given lines in one query, keyed by `lineKey`. A line whose ticket type
 * is gone from the catalog is simply absent: the caller decides how to show it.
 */
export async function describeLines(
  db: Executor,
  lines: readonly LineRef[],
): Promise<Map<string, LineDetails>> {
  const typeIds = [...new Set(lines.map((line) => line.ticket_type_id))];
  if (typeIds.length === 0) return new Map();
  const rows = await db
    .select({
      ticketTypeId: ticketTypes.id,
      ticketTypeName: ticketTypes.name,
      sessionId: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      eventId: events.id,
      eventName: events.name,
      location: events.location,
      imageUrl: events.imageUrl,
    })
    .from(ticketTypes)
    .innerJoin(sessions, eq(sessions.id, ticketTypes.sessionId))
    .innerJoin(events, eq(events.id, sessions.eventId))
    .where(inArray(ticketTypes.id, typeIds));
  return new Map(
    rows.map((row) => [
      lineKey({ session_id: row.sessionId, ticket_type_id: row.ticketTypeId }),
      {
        event_id: row.eventId,
        event_name: row.eventName,
        location: row.location,
        image_url: row.imageUrl,
        starts_at: row.startsAt.toISOString(),
        ends_at: row.endsAt.toISOString(),
        ticket_type_name: row.ticketTypeName,
      },
    ]),
  );
}
