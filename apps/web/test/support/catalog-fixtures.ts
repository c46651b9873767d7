import type { Executor } from '@ticketing/db/client';

import { createEvent } from '../../src/server/catalog/events';
import { createSession } from '../../src/server/catalog/sessions';
import { createTicketType } from '../../src/server/catalog/ticket-types';
import type { CatalogInventory } from '../../src/server/inventory/inventory-gateway';
import { testInventory } from './web-test-server';

export const inDays = (days: number, hour = 19) =>
  new Date(Date.UTC(2030, 0, 1 + days, hour)).toISOString();

/**
 * An event with one session (capacity 100) holding two ticket types (60 + 30), their inventory
 * items created in the run's inventory service.
 */
export async function createEventWithSession(
  db: Executor,
  name = 'Gig',
  inventory: CatalogInventory = testInventory(),
) {
  const event = await createEvent(db, {
    name,
    description: `${name}, live`,
    location: 'Hall',
    image_url: '/images/concert.svg',
  });
  const session = await createSession(db, event.id, {
    starts_at: inDays(10),
    ends_at: inDays(10, 22),
    total_capacity: 100,
  });
  const standard = await createTicketType(db, inventory, session.id, {
    name: 'Standard',
    price: '50.00',
    quantity: 60,
  });
  const vip = await createTicketType(db, inventory, session.id, {
    name: 'VIP',
    price: '120.5',
    quantity: 30,
  });
  return { event, session, standard: standard.ticketType, vip: vip.ticketType };
}
