import { consumerQueues } from '@ticketing/events/topology';

import type { DatabaseName, Databases } from './databases';

/**
 * docs/architecture.md §3 I1–I5 over the three databases of a platform, read with plain SQL (the
 * harness's black-box view): every violation, each naming the rows involved. Unlike
 * `invariantViolations` (invariants.ts), which a test points at the items it made, this looks at
 * everything, so it can be run against any platform (`npm run check:invariants`).
 *
 * Two things make a running platform differ from a drained one, and both are options:
 * - events take a moment to travel, so what depends on delivery (I3, and I5's "published" and
 *   "consumed") is only checked for changes older than `settleMs`;
 * - retention deletes published outbox rows and consumed_events after RETENTION_WINDOW_HOURS, so
 *   I5's "written to the outbox" and "consumed" are only checked inside `retentionMs`.
 */

export type InvariantName = 'I1' | 'I2' | 'I3' | 'I4' | 'I5';

export interface Violation {
  invariant: InvariantName;
  /** One sentence saying what is wrong. */
  message: string;
  /** The rows involved, by kind (item, hold, order, event, key…). */
  ids: Record<string, string>;
}

export interface InvariantReport {
  violations: Violation[];
  /** Outbox rows not yet published, per database: events still in flight. */
  backlog: Record<DatabaseName, number>;
}

export interface CheckOptions {
  /** Changes younger than this may still be travelling as events (default 60 s). */
  settleMs?: number;
  /** How long published outbox rows and consumed_events are kept (default 168 h). */
  retentionMs?: number;
  /** The clock the windows are measured from (default: now). */
  now?: Date;
}

type Query = Pick<Databases, 'query'>;

const HOUR = 3_600_000;
const CHUNK = 5_000;

export async function checkInvariants(
  db: Query,
  options: CheckOptions = {},
): Promise<InvariantReport> {
  const now = options.now ?? new Date();
  const settledBefore = new Date(now.getTime() - (options.settleMs ?? 60_000));
  const retentionMs = options.retentionMs ?? 168 * HOUR;
  // Both an outbox row and its consumed_events rows are surely still there an hour inside the window.
  const retainedSince = new Date(now.getTime() - retentionMs + HOUR);
  const windows = { settledBefore, retainedSince };

  const violations = [
    ...(await conservationAndOversell(db)),
    ...(await seatlessSales(db, windows)),
    ...(await oneOrderPerKey(db)),
    ...(await outboxWritten(db, windows)),
    ...(await outboxDelivered(db, windows)),
  ];
  const backlog = {} as Record<DatabaseName, number>;
  for (const database of ['main', 'inventory', 'orders'] as const) {
    const [row] = await db.query<{ n: number }>(
      database,
      'select count(*)::int as n from outbox where published_at is null',
    );
    backlog[database] = row?.n ?? 0;
  }
  return { violations, backlog };
}

/** I1 conservation (counters add up, match the holds, available ≥ 0) and I2 no oversell. */
async function conservationAndOversell(db: Query): Promise<Violation[]> {
  const items = await db.query<{
    id: string;
    session_id: string;
    ticket_type_id: string;
    total: number;
    available: number;
    held: number;
    committed: number;
    held_rows: number;
    committed_rows: number;
  }>(
    'inventory',
    `select i.id, i.session_id, i.ticket_type_id, i.total_quantity as total,
            i.available_quantity as available, i.held_quantity as held,
            i.committed_quantity as committed,
            coalesce(sum(h.quantity) filter (where h.status = 'held'), 0)::int as held_rows,
            coalesce(sum(h.quantity) filter (where h.status = 'committed'), 0)::int as committed_rows
       from inventory_items i left join inventory_holds h on h.item_id = i.id
      group by i.id
      order by i.session_id, i.ticket_type_id`,
  );
  const violations: Violation[] = [];
  for (const item of items) {
    const ids = { item: item.id, session: item.session_id, ticket_type: item.ticket_type_id };
    const counters = `available ${item.available} + held ${item.held} + committed ${item.committed}`;
    if (item.available + item.held + item.committed !== item.total) {
      violations.push({
        invariant: 'I1',
        message: `inventory item ${item.id}: ${counters} ≠ total ${item.total}`,
        ids,
      });
    }
    if (item.available < 0) {
      violations.push({
        invariant: 'I1',
        message: `inventory item ${item.id}: available ${item.available} < 0`,
        ids,
      });
    }
    if (item.held !== item.held_rows || item.committed !== item.committed_rows) {
      violations.push({
        invariant: 'I1',
        message:
          `inventory item ${item.id}: counters held ${item.held} / committed ${item.committed}, ` +
          `its holds add up to held ${item.held_rows} / committed ${item.committed_rows}`,
        ids,
      });
    }
    const sold = Math.max(item.committed, item.committed_rows);
    if (sold > item.total) {
      violations.push({
        invariant: 'I2',
        message: `inventory item ${item.id} oversold: ${sold} committed of ${item.total}`,
        ids,
      });
    }
  }
  return violations;
}

interface Windows {
  settledBefore: Date;
  retainedSince: Date;
}

/**
 * I3 no seatless sale: a confirmed order has exactly its hold committed and a succeeded payment;
 * committed seats belong to a confirmed order; a cancelled order keeps no succeeded payment.
 */
async function seatlessSales(db: Query, { settledBefore }: Windows): Promise<Violation[]> {
  const violations: Violation[] = [];
  const confirmed = await db.query<{
    order_id: string;
    hold_id: string;
    quantity: number;
    paid: boolean;
  }>(
    'orders',
    `select o.id as order_id, o.hold_id,
            (select coalesce(sum(i.quantity), 0)::int from order_items i where i.order_id = o.id) as quantity,
            exists (select 1 from payments p where p.order_id = o.id and p.status = 'succeeded') as paid
       from orders o
      where o.status = 'confirmed' and o.confirmed_at < $1
      order by o.confirmed_at`,
    [settledBefore],
  );
  const holds = await inventoryHolds(
    db,
    confirmed.map((order) => order.hold_id),
  );
  for (const order of confirmed) {
    const ids = { order: order.order_id, hold: order.hold_id };
    const hold = holds.get(order.hold_id);
    if (hold?.status !== 'committed' || hold.quantity !== order.quantity) {
      const seen = hold
        ? `${hold.status} with ${hold.quantity ?? 0} seats`
        : 'unknown to inventory';
      violations.push({
        invariant: 'I3',
        message: `confirmed order ${order.order_id} (${order.quantity} seats) without its seats: hold ${order.hold_id} is ${seen}`,
        ids,
      });
    }
    if (!order.paid) {
      violations.push({
        invariant: 'I3',
        message: `confirmed order ${order.order_id} has no succeeded payment`,
        ids,
      });
    }
  }

  // Committed seats whose order is not confirmed: a cancellation inventory never applied. A
  // cancellation younger than the settle window may still be on its way.
  const committed = await db.query<{ hold_id: string; quantity: number }>(
    'inventory',
    `select hold_id, quantity from inventory_holds where status = 'committed' order by hold_id`,
  );
  const ordersOfHolds = new Map<
    string,
    { id: string; status: string; cancelled_at: Date | null }[]
  >();
  for (const chunk of chunks(committed.map((hold) => hold.hold_id))) {
    const rows = await db.query<{
      id: string;
      hold_id: string;
      status: string;
      cancelled_at: Date | null;
    }>(
      'orders',
      'select id, hold_id, status, cancelled_at from orders where hold_id = any($1::uuid[])',
      [chunk],
    );
    for (const row of rows) {
      ordersOfHolds.set(row.hold_id, [...(ordersOfHolds.get(row.hold_id) ?? []), row]);
    }
  }
  for (const hold of committed) {
    const orders = ordersOfHolds.get(hold.hold_id) ?? [];
    if (orders.some((order) => order.status === 'confirmed')) continue;
    if (orders.some((order) => order.cancelled_at && order.cancelled_at >= settledBefore)) continue;
    const what =
      orders.length === 0
        ? 'no order'
        : orders.map((order) => `order ${order.id} ${order.status}`).join(', ');
    violations.push({
      invariant: 'I3',
      message: `hold ${hold.hold_id} has ${hold.quantity} seats committed but ${what}`,
      ids: { hold: hold.hold_id, ...(orders[0] ? { order: orders[0].id } : {}) },
    });
  }

  const paidCancelled = await db.query<{ order_id: string; payment_id: string }>(
    'orders',
    `select o.id as order_id, p.id as payment_id from orders o join payments p on p.order_id = o.id
      where o.status = 'cancelled' and p.status = 'succeeded' order by o.id`,
  );
  for (const row of paidCancelled) {
    violations.push({
      invariant: 'I3',
      message: `cancelled order ${row.order_id} keeps a succeeded payment ${row.payment_id}`,
      ids: { order: row.order_id, payment: row.payment_id },
    });
  }
  return violations;
}

async function inventoryHolds(db: Query, holdIds: readonly string[]) {
  const holds = new Map<string, { status: string; quantity: number | null }>();
  for (const chunk of chunks(holdIds)) {
    const rows = await db.query<{ hold_id: string; status: string; quantity: number | null }>(
      'inventory',
      'select hold_id, status, quantity from inventory_holds where hold_id = any($1::uuid[])',
      [chunk],
    );
    for (const row of rows) holds.set(row.hold_id, row);
  }
  return holds;
}

/**
 * I4 one order per key: an Idempotency-Key has one order, a hold one live order, and an order was
 * created under the key its hold was checked out with (the web passes that key on to orders).
 */
async function oneOrderPerKey(db: Query): Promise<Violation[]> {
  const violations: Violation[] = [];
  const sharedKeys = await db.query<{ key: string; ids: string[] }>(
    'orders',
    `select idempotency_key as key, array_agg(id::text order by created_at, id) as ids
       from orders group by idempotency_key having count(*) > 1 order by idempotency_key`,
  );
  for (const { key, ids } of sharedKeys) {
    violations.push({
      invariant: 'I4',
      message: `Idempotency-Key ${key} has ${ids.length} orders: ${ids.join(', ')}`,
      ids: { key, orders: ids.join(',') },
    });
  }
  const sharedHolds = await db.query<{ hold_id: string; ids: string[] }>(
    'orders',
    `select hold_id, array_agg(id::text order by created_at, id) as ids from orders
      where status in ('pending', 'confirmed') group by hold_id having count(*) > 1 order by hold_id`,
  );
  for (const { hold_id, ids } of sharedHolds) {
    violations.push({
      invariant: 'I4',
      message: `hold ${hold_id} has ${ids.length} live orders: ${ids.join(', ')}`,
      ids: { hold: hold_id, orders: ids.join(',') },
    });
  }

  const orders = await db.query<{ id: string; hold_id: string; key: string }>(
    'orders',
    'select id, hold_id, idempotency_key as key from orders order by created_at, id',
  );
  const checkoutKeys = new Map<string, string>();
  for (const chunk of chunks(orders.map((order) => order.hold_id))) {
    const rows = await db.query<{ id: string; checkout_key: string }>(
      'main',
      `select id, checkout_key from holds where id = any($1::uuid[]) and checkout_key is not null`,
      [chunk],
    );
    for (const row of rows) checkoutKeys.set(row.id, row.checkout_key);
  }
  for (const order of orders) {
    const checkoutKey = checkoutKeys.get(order.hold_id);
    if (checkoutKey !== undefined && checkoutKey !== order.key) {
      violations.push({
        invariant: 'I4',
        message: `order ${order.id} was created under key ${order.key}, but its hold ${order.hold_id} was checked out under ${checkoutKey}`,
        ids: { order: order.id, hold: order.hold_id, key: order.key },
      });
    }
  }
  return violations;
}

/**
 * I5, the producer's half: every change other services need has its event in the outbox of the
 * same database (within the retention window, older published rows are gone by design).
 */
async function outboxWritten(db: Query, { retainedSince }: Windows): Promise<Violation[]> {
  const expectations: {
    database: DatabaseName;
    eventType: string;
    what: string;
    idKind: string;
    sql: string;
  }[] = [
    {
      database: 'main',
      eventType: 'hold.created',
      what: 'hold',
      idKind: 'hold',
      sql: `select id from holds where status in ('active', 'converted', 'released') and created_at >= $1`,
    },
    {
      database: 'main',
      eventType: 'hold.expired',
      what: 'expired hold',
      idKind: 'hold',
      sql: `select id from holds where status = 'expired' and updated_at >= $1`,
    },
    {
      database: 'main',
      eventType: 'hold.released',
      what: 'released hold',
      idKind: 'hold',
      sql: `select id from holds where status = 'released' and updated_at >= $1`,
    },
    {
      database: 'orders',
      eventType: 'order.confirmed',
      what: 'confirmed order',
      idKind: 'order',
      sql: `select id from orders where confirmed_at is not null and confirmed_at >= $1`,
    },
    {
      database: 'orders',
      eventType: 'order.cancelled',
      what: 'cancelled order',
      idKind: 'order',
      sql: `select id from orders where status = 'cancelled' and cancelled_at >= $1`,
    },
  ];
  const violations: Violation[] = [];
  for (const expectation of expectations) {
    const rows = await db.query<{ id: string }>(
      expectation.database,
      `select c.id from (${expectation.sql}) c
        where not exists (
          select 1 from outbox o where o.aggregate_id = c.id and o.event_type = $2)
        order by c.id`,
      [retainedSince, expectation.eventType],
    );
    for (const { id } of rows) {
      violations.push({
        invariant: 'I5',
        message: `${expectation.what} ${id} has no ${expectation.eventType} in the ${expectation.database} outbox`,
        ids: { [expectation.idKind]: id },
      });
    }
  }
  return violations;
}

/** Where each consumer records what it applied (§1): the database of its process. */
const consumerDatabases: Record<keyof typeof consumerQueues, DatabaseName> = {
  inventory: 'inventory',
  orders: 'orders',
  notifications: 'main',
};

/** Which database's outbox each event type comes from (§4). */
const producers: Record<string, DatabaseName> = {
  'hold.created': 'main',
  'hold.expired': 'main',
  'hold.released': 'main',
  'order.confirmed': 'orders',
  'order.cancelled': 'orders',
  'inventory.commit_failed': 'inventory',
};

/**
 * I5, delivery: every outbox row is published (once it is older than the settle window), and
 * every published event is in the consumed_events of each consumer bound to its type.
 */
async function outboxDelivered(
  db: Query,
  { settledBefore, retainedSince }: Windows,
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const database of ['main', 'inventory', 'orders'] as const) {
    const stuck = await db.query<{ id: string; event_type: string; occurred_at: Date }>(
      database,
      `select id, event_type, occurred_at from outbox
        where published_at is null and occurred_at < $1 order by occurred_at`,
      [settledBefore],
    );
    for (const row of stuck) {
      violations.push({
        invariant: 'I5',
        message: `${row.event_type} ${row.id} in the ${database} outbox is unpublished since ${row.occurred_at.toISOString()}`,
        ids: { event: row.id, database },
      });
    }
  }

  for (const [consumer, topology] of Object.entries(consumerQueues)) {
    const consumedIn = consumerDatabases[consumer as keyof typeof consumerQueues];
    const bySource = new Map<DatabaseName, string[]>();
    for (const eventType of topology.bindings) {
      const source = producers[eventType];
      if (source) bySource.set(source, [...(bySource.get(source) ?? []), eventType]);
    }
    for (const [source, eventTypes] of bySource) {
      const published = await db.query<{ id: string; event_type: string; aggregate_id: string }>(
        source,
        `select id, event_type, aggregate_id from outbox
          where published_at is not null and published_at < $1 and published_at >= $2
            and event_type = any($3::text[])
          order by published_at`,
        [settledBefore, retainedSince, eventTypes],
      );
      const consumed = new Set<string>();
      for (const chunk of chunks(published.map((row) => row.id))) {
        const rows = await db.query<{ event_id: string }>(
          consumedIn,
          'select event_id from consumed_events where event_id = any($1::uuid[])',
          [chunk],
        );
        for (const row of rows) consumed.add(row.event_id);
      }
      for (const row of published) {
        if (consumed.has(row.id)) continue;
        violations.push({
          invariant: 'I5',
          message: `${row.event_type} ${row.id} (of ${row.aggregate_id}) was published but never consumed by ${consumer} (is it in ${topology.queue}.dlq?)`,
          ids: { event: row.id, aggregate: row.aggregate_id, consumer },
        });
      }
    }
  }
  return violations;
}

function* chunks<T>(values: readonly T[]): Generator<T[]> {
  for (let start = 0; start < values.length; start += CHUNK) {
    yield values.slice(start, start + CHUNK);
  }
}

/** The report as the CLI prints it: one line per violation, then the totals. */
export function formatReport(report: InvariantReport): string {
  const lines = report.violations.map(
    (violation) =>
      `${violation.invariant} ${violation.message}  [${Object.entries(violation.ids)
        .map(([kind, id]) => `${kind}=${id}`)
        .join(' ')}]`,
  );
  const inFlight = Object.entries(report.backlog)
    .filter(([, rows]) => rows > 0)
    .map(([database, rows]) => `${database} ${rows}`);
  if (inFlight.length > 0) {
    lines.push(`outbox rows not yet published: ${inFlight.join(', ')} (events in flight)`);
  }
  const count = report.violations.length;
  lines.push(
    count === 0
      ? 'I1–I5 hold: no violation'
      : `${count} violation${count === 1 ? '' : 's'} of I1–I5`,
  );
  return lines.join('\n');
}
