import type { Executor } from '@ticketing/db/client';
import { createEvent } from '../../src/server/catalog/events';
import { createSession } from '../../src/server/catalog/sessions';
import { createTicketType } from '../../src/server/catalog/ticket-types';
import { createInventoryGateway } from '../../src/server/inventory/inventory-gateway';

const inventory = createInventoryGateway({ inventoryUrl: 'http://127.0.0.1:1' });

export const inDays = (days: number, hour = 19) =>
  new Date(Date.UTC(2030, 0, 1 + days, hour)).toISOString();

/** An event with one session (capacity 100) holding two ticket types (60 + 30). */
export async function createEventWithSession(db: Executor, name = 'Gig') {
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
