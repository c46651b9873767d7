/**
 * Buys tickets the way any program can: through the web's public API and its typed client alone.
 *
 *   npx tsx examples/buy-a-ticket.ts http://127.0.0.1:3000
 *
 * Lists the events, takes the first session with seats left, holds two seats, checks out, pays
 * with the payment stub's test card and prints the order with its tickets.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

import { createPublicClient } from '@ticketing/trpc/public/client';
import type { OrderSummary } from '@ticketing/trpc/public/orders';

/** The payment stub charges any card but 4000 0000 0000 0002, which it declines. */
const TEST_CARD = '4242424242424242';

export interface Purchase {
  quantity?: number;
  email?: string;
  name?: string;
}

export async function buyATicket(
  url: string,
  { quantity = 2, email = 'buyer@example.com', name = 'Ada Lovelace' }: Purchase = {},
): Promise<OrderSummary> {
  const client = createPublicClient({ url });

  // 1. An event, a session and a ticket type with enough seats left.
  const { results: events } = await client.events.list({ limit: 20 });
  let choice: { sessionId: string; ticketTypeId: string; what: string } | undefined;
  for (const event of events) {
    const { results: sessions } = await client.sessions.listByEvent({ id: event.id });
    for (const session of sessions) {
      const ticketType = session.ticket_types.find((type) => type.available >= quantity);
      if (ticketType && !choice) {
        const what = `${event.name}, ${session.starts_at}, ${ticketType.name} at ${ticketType.price}`;
        choice = { sessionId: session.id, ticketTypeId: ticketType.id, what };
      }
    }
    if (choice) break;
  }
  if (!choice) throw new Error(`no session has ${quantity} seats left`);
  console.log(`Buying ${quantity} × ${choice.what}`);

  // 2. Hold the seats: they are ours until the hold expires.
  const hold = await client.holds.create({
    session_id: choice.sessionId,
    ticket_type_id: choice.ticketTypeId,
    quantity,
    customer_email: email,
  });
  console.log(`Hold ${hold.hold_id}, until ${hold.expires_at}`);

  // 3. Check out: a pending order. A retry with the same key would answer the same order.
  const checkout = await client.orders.checkout({
    idempotency_key: randomUUID(),
    hold_id: hold.hold_id,
    customer_email: email,
    customer_name: name,
  });
  console.log(
    `Order ${checkout.order_id}: ${checkout.total}, to pay by ${checkout.payment_deadline}`,
  );

  // 4. Pay.
  await client.orders.confirm({ id: checkout.order_id, card_number: TEST_CARD });

  // 5. The order with its tickets.
  const order = await client.orders.summary({ id: checkout.order_id });
  console.log(`Order ${order.order_id} is ${order.status}, ${order.total} paid`);
  for (const ticket of order.tickets) {
    console.log(
      `  ${ticket.label}  ${ticket.event_name}, ${ticket.ticket_type_name}  ${ticket.code}`,
    );
  }
  return order;
}

const runAsProgram = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runAsProgram) {
  const url = process.argv[2];
  if (!url) {
    console.error('usage: npx tsx examples/buy-a-ticket.ts <web url, e.g. http://127.0.0.1:3000>');
    process.exit(2);
  }
  buyATicket(url).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
