import type { Executor } from '@ticketing/db/client';
import { outbox } from '@ticketing/db/main/outbox';
import { readOutboxBacklog } from '@ticketing/events/outbox-backlog';

import type { InventoryGateway } from '../inventory/inventory-gateway';
import type { OrdersGateway } from '../orders/orders-gateway';
import type { EventBusAdmin } from './event-bus';

type Backlog = Awaited<ReturnType<typeof readOutboxBacklog>>;

/** A service that cannot be asked shows as unavailable instead of failing the whole page. */
async function backlogOf(service: 'web' | 'inventory' | 'orders', read: () => Promise<Backlog>) {
  try {
    return { service, ...(await read()), available: true };
  } catch {
    return { service, unpublished: null, oldest_age_seconds: null, available: false };
  }
}

/**
 * Each outbox from its owner (the web's own table, inventory's and orders' through their
 * procedures) and each consumer queue from RabbitMQ.
 */
export async function eventBusOverview(deps: {
  db: Executor;
  inventory: InventoryGateway;
  orders: OrdersGateway;
  eventBus: EventBusAdmin;
}) {
  const [outboxes, queues] = await Promise.all([
    Promise.all([
      backlogOf('web', () => readOutboxBacklog(deps.db, outbox)),
      backlogOf('inventory', () => deps.inventory.client.outboxBacklog()),
      backlogOf('orders', () => deps.orders.outboxBacklog()),
    ]),
    deps.eventBus.queues(),
  ]);
  return {
    outboxes,
    queues: queues.map((state) => ({
      queue: state.consumer,
      queue_name: state.queue,
      depth: state.depth,
      consumers: state.consumers,
      dead_letters: state.deadLetters,
      exists: state.exists,
    })),
  };
}
