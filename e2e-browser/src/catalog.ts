import { expectStatus, field, type Item, request } from '@ticketing/e2e/api';
import type { Databases } from '@ticketing/e2e/databases';

export interface TicketTypeSpec {
  name: string;
  price: string;
  quantity: number;
}

export interface SeededEvent extends Item {
  name: string;
  ticketTypeName: string;
  startsAt: Date;
}

export interface Catalog {
  /**
   * A new event with one session `startsInDays` from now and one ticket type, through the admin
   * REST API. The run starts on empty databases, so the name is used as given unless an event of
   * the run already has it (a repeated test): then it gets a number, " (2)", so it stays unique.
   */
  createEvent(options: {
    name: string;
    ticketType?: Partial<TicketTypeSpec>;
    startsInDays?: number;
    location?: string;
    description?: string;
    imageUrl?: string;
  }): Promise<SeededEvent>;
}

export function catalog(webUrl: string, adminToken: string, db: Databases): Catalog {
  const admin = (path: string, body: unknown) =>
    request(webUrl, 'POST', path, { body, headers: { authorization: `Bearer ${adminToken}` } });

  return {
    async createEvent({
      name,
      ticketType = {},
      startsInDays = 21,
      location = 'Riverside Hall, Amsterdam',
      description = `${name}, live at ${location}. Doors open half an hour before the start; every ticket is a seat held for you until you pay.`,
      imageUrl,
    }) {
      const [taken] = await db.query<{ count: number }>(
        'main',
        `select count(*)::int as count from events where name = $1 or name like $1 || ' (%)'`,
        [name],
      );
      const uniqueName = taken?.count ? `${name} (${taken.count + 1})` : name;
      const event = expectStatus(
        await admin('/api/admin/events', {
          name: uniqueName,
          description,
          location,
          ...(imageUrl ? { image_url: imageUrl } : {}),
        }),
        201,
        'create event',
      );
      const eventId = field(event, 'id');
      const startsAt = new Date(Date.now() + startsInDays * 24 * 3600_000);
      startsAt.setUTCHours(19, 30, 0, 0);
      const spec: TicketTypeSpec = {
        name: 'General admission',
        price: '45.00',
        quantity: 20,
        ...ticketType,
      };
      const session = expectStatus(
        await admin(`/api/admin/events/${eventId}/sessions`, {
          starts_at: startsAt.toISOString(),
          ends_at: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
          total_capacity: Math.max(spec.quantity, 1),
        }),
        201,
        'create session',
      );
      const sessionId = field(session, 'id');
      const created = expectStatus(
        await admin(`/api/admin/sessions/${sessionId}/ticket-types`, spec),
        201,
        'create ticket type',
      );
      return {
        eventId,
        name: uniqueName,
        sessionId,
        ticketTypeId: field(created, 'id'),
        ticketTypeName: spec.name,
        price: spec.price,
        quantity: spec.quantity,
        startsAt,
      };
    },
  };
}
