import type { Database } from '@ticketing/db/client';

import { pgErrorCode } from '../server/catalog/db-errors';
import { createEvent, eventExists } from '../server/catalog/events';
import { createSession } from '../server/catalog/sessions';
import { createTicketType } from '../server/catalog/ticket-types';
import type { CatalogInventory } from '../server/inventory/inventory-gateway';
import type { DemoEvent } from './demo-catalog';

const UNIQUE_VIOLATION = '23505';

function sessionTimes(today: Date, inDays: number, startHour: number, hours: number) {
  const start = new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + inDays, startHour),
  );
  return {
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + hours * 3_600_000).toISOString(),
  };
}

/**
 * Loads each demo event that is not there yet, with its sessions and ticket types, through the
 * same data functions (and inventory seam) as the admin API, one transaction per event. An event
 * already present, even if an admin changed it since, is left alone: running it again changes nothing.
 */
export async function seedCatalog(
  db: Database,
  inventory: CatalogInventory,
  events: readonly DemoEvent[],
  today = new Date(),
): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const event of events) {
    if (await eventExists(db, event.id)) continue;
    const inserted = await db
      .transaction(async (tx) => {
        await createEvent(tx, {
          id: event.id,
          name: event.name,
          description: event.description,
          location: event.location,
          image_url: event.imageUrl,
        });
        for (const session of event.sessions) {
          await createSession(tx, event.id, {
            id: session.id,
            total_capacity: session.totalCapacity,
            ...sessionTimes(today, session.inDays, session.startHour, session.hours),
          });
          for (const type of session.ticketTypes) {
            await createTicketType(tx, inventory, session.id, type);
          }
        }
        return true;
      })
      .catch((error: unknown) => {
        // Another seed run inserted the same event first.
        if (pgErrorCode(error) === UNIQUE_VIOLATION) return false;
        throw error;
      });
    if (inserted) created.push(event.id);
  }
  return { created };
}
