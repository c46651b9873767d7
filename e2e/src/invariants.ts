import type { Item, Storefront } from './api';
import { type ConsumerName, queueNamesOf } from './broker';
import type { Platform } from './platform';
import { waitFor } from './wait-for';

/**
 * Violations of docs/architecture.md §3 I1–I3 for the given items, from inventory's REST view and the
 * databases themselves; empty when everything holds.
 * - I1: available + held + committed = total, available ≥ 0, and the counters equal the sums of
 *   the inventory holds in each state;
 * - I2: committed ≤ total;
 * - I3: every confirmed order has its hold committed, with the order's quantity; no cancelled
 *   order keeps a successful (unrefunded) payment.
 */
export async function invariantViolations(
  platform: Pick<Platform, 'db'>,
  api: Storefront,
  items: readonly Item[],
): Promise<string[]> {
  const violations: string[] = [];
  for (const item of items) {
    const response = await api.inventoryItem(item);
    if (response.status !== 200) {
      violations.push(`inventory item ${item.ticketTypeId}: ${response.status}`);
      continue;
    }
    const total = Number(response.body.total_quantity);
    const available = Number(response.body.available_quantity);
    const held = Number(response.body.held_quantity);
    const committed = Number(response.body.committed_quantity);
    const label = `item ${item.ticketTypeId} ${JSON.stringify(response.body)}`;
    if (available + held + committed !== total) violations.push(`I1 conservation: ${label}`);
    if (available < 0) violations.push(`I1 available < 0: ${label}`);
    if (committed > total) violations.push(`I2 oversold: ${label}`);

    const [rows] = await platform.db.query<{ held: string; committed: string }>(
      'inventory',
      `select coalesce(sum(h.quantity) filter (where h.status = 'held'), 0) as held,
              coalesce(sum(h.quantity) filter (where h.status = 'committed'), 0) as committed
         from inventory_items i left join inventory_holds h on h.item_id = i.id
        where i.session_id = $1 and i.ticket_type_id = $2`,
      [item.sessionId, item.ticketTypeId],
    );
    if (Number(rows?.held) !== held || Number(rows?.committed) !== committed) {
      violations.push(`I1 counters ≠ holds (${JSON.stringify(rows)}): ${label}`);
    }
  }

  const confirmed = await platform.db.query<{
    order_id: string;
    hold_id: string;
    quantity: string;
  }>(
    'orders',
    `select o.id as order_id, o.hold_id, sum(i.quantity) as quantity
       from orders o join order_items i on i.order_id = o.id
      where o.status = 'confirmed' group by o.id`,
  );
  if (confirmed.length > 0) {
    const holds = await platform.db.query<{
      hold_id: string;
      status: string;
      quantity: number | null;
    }>(
      'inventory',
      'select hold_id, status, quantity from inventory_holds where hold_id = any($1::uuid[])',
      [confirmed.map((order) => order.hold_id)],
    );
    const byId = new Map(holds.map((hold) => [hold.hold_id, hold]));
    for (const order of confirmed) {
      const hold = byId.get(order.hold_id);
      if (hold?.status !== 'committed' || hold.quantity !== Number(order.quantity)) {
        violations.push(
          `I3 confirmed order ${order.order_id} without its seats: hold ${JSON.stringify(hold ?? null)}`,
        );
      }
    }
  }
  const paidCancelled = await platform.db.query<{ order_id: string }>(
    'orders',
    `select o.id as order_id from orders o join payments p on p.order_id = o.id
      where o.status = 'cancelled' and p.status = 'succeeded'`,
  );
  for (const { order_id } of paidCancelled) {
    violations.push(`cancelled order ${order_id} keeps a succeeded payment`);
  }
  return violations;
}

/** Rows of every outbox not yet published, per database. */
export async function outboxBacklog(platform: Pick<Platform, 'db'>) {
  const count = async (database: 'main' | 'inventory' | 'orders') => {
    const [row] = await platform.db.query<{ n: string }>(
      database,
      'select count(*) as n from outbox where published_at is null',
    );
    return Number(row?.n ?? 0);
  };
  const [main, inventory, orders] = await Promise.all([
    count('main'),
    count('inventory'),
    count('orders'),
  ]);
  return { main, inventory, orders, total: main + inventory + orders };
}

/** Messages ready in the consumers' queues and their retry queues (not the DLQs). */
export async function queuedMessages(
  platform: Pick<Platform, 'broker' | 'names'>,
): Promise<number> {
  let total = 0;
  for (const consumer of ['inventory', 'orders'] as ConsumerName[]) {
    const names = queueNamesOf(platform.names, consumer);
    for (const queue of [names.queue, ...names.delayQueues]) {
      total += await platform.broker.messageCount(queue);
    }
  }
  return total;
}

/**
 * Waits until every outbox is published, the queues are empty and I1–I3 hold for `items`; fails
 * with the last violations otherwise.
 */
export async function expectSettled(
  platform: Pick<Platform, 'db' | 'broker' | 'names'>,
  api: Storefront,
  items: readonly Item[],
  timeoutMs = 20_000,
): Promise<void> {
  let last: unknown = null;
  await waitFor(
    async () => {
      const backlog = await outboxBacklog(platform);
      const queued = await queuedMessages(platform);
      const violations = await invariantViolations(platform, api, items);
      last = { backlog, queued, violations };
      return backlog.total === 0 && queued === 0 && violations.length === 0;
    },
    { timeoutMs, intervalMs: 100, message: 'events drained and I1–I3 holding' },
  ).catch((error: unknown) => {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}; last: ${JSON.stringify(last)}`,
    );
  });
}
