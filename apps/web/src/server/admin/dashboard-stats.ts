import type { Executor } from '@ticketing/db/client';

import type { InventoryGateway } from '../inventory/inventory-gateway';
import type { OrdersGateway } from '../orders/orders-gateway';
import { catalogTicketTypes, holdCounts, sessionIdsOfEvent } from './catalog-lookup';

const DAY_MS = 86_400_000;
const utcDay = (instant: Date) => instant.toISOString().slice(0, 10);

/** Every UTC day from the first to the last, so a chart shows the quiet days as zeros. */
function daysBetween(first: Date, last: Date): string[] {
  const days: string[] = [];
  for (let at = first.getTime(); at <= last.getTime(); at += DAY_MS)
    days.push(utcDay(new Date(at)));
  return days;
}

export interface DashboardDeps {
  db: Executor;
  orders: OrdersGateway;
  inventory: InventoryGateway;
  holdTtlSeconds: number;
}

/**
 * The dashboard tiles and charts, each figure from its owner: sales and order counts from the
 * orders service (its daily rollup), seats from inventory, live holds from the web's own holds.
 */
export async function dashboardStats(
  deps: DashboardDeps,
  { eventId, days }: { eventId?: string; days: number },
) {
  const now = new Date();
  const firstDay = new Date(
    `${utcDay(new Date(now.getTime() - (days - 1) * DAY_MS))}T00:00:00.000Z`,
  );
  const sessionIds = eventId === undefined ? undefined : await sessionIdsOfEvent(deps.db, eventId);
  const noSessions = sessionIds?.length === 0;
  const [stats, holds, ticketTypes] = await Promise.all([
    noSessions
      ? undefined
      : deps.orders.stats({
          from: firstDay.toISOString(),
          to: now.toISOString(),
          session_ids: sessionIds,
        }),
    noSessions
      ? { active: 0, placed: 0 }
      : holdCounts(deps.db, {
          from: firstDay,
          to: now,
          holdTtlSeconds: deps.holdTtlSeconds,
          sessionIds,
        }),
    catalogTicketTypes(deps.db, eventId),
  ]);
  const items =
    ticketTypes.length === 0
      ? []
      : (
          await deps.inventory.client.items({
            ticket_type_ids: ticketTypes.map((type) => type.ticketTypeId),
          })
        ).results;
  const counters = new Map(items.map((item) => [item.ticket_type_id, item]));
  const sales = new Map((stats?.per_day ?? []).map((day) => [day.day, day]));
  const paid = stats?.confirmed ?? 0;

  return {
    tickets_sold: stats?.tickets_sold ?? 0,
    revenue: stats?.revenue ?? '0.00',
    orders_today: stats?.orders_today ?? 0,
    holds_active: holds.active,
    conversion:
      holds.placed === 0 ? 0 : Math.min(1, Math.round((paid / holds.placed) * 10_000) / 10_000),
    per_day: daysBetween(firstDay, now).map((day) => ({
      day,
      tickets: sales.get(day)?.tickets ?? 0,
      revenue: sales.get(day)?.revenue ?? '0.00',
    })),
    by_status: stats?.by_status ?? [
      { status: 'pending' as const, count: 0 },
      { status: 'confirmed' as const, count: 0 },
      { status: 'cancelled' as const, count: 0 },
    ],
    sell_through: ticketTypes.map((type) => {
      const item = counters.get(type.ticketTypeId);
      return {
        ticket_type_id: type.ticketTypeId,
        name: type.name,
        event_id: type.eventId,
        event_name: type.eventName,
        session_id: type.sessionId,
        starts_at: type.startsAt.toISOString(),
        sold: item?.committed_quantity ?? 0,
        held: item?.held_quantity ?? 0,
        available: item?.available_quantity ?? 0,
      };
    }),
  };
}

/** Per ticket type counters of inventory, named from the catalog. */
export async function inventoryRows(
  deps: Pick<DashboardDeps, 'db' | 'inventory'>,
  eventId?: string,
) {
  const ticketTypes = await catalogTicketTypes(deps.db, eventId);
  if (ticketTypes.length === 0) return [];
  const { results } = await deps.inventory.client.items({
    ticket_type_ids: ticketTypes.map((type) => type.ticketTypeId),
  });
  const counters = new Map(results.map((item) => [item.ticket_type_id, item]));
  return ticketTypes.map((type) => {
    const item = counters.get(type.ticketTypeId);
    return {
      event_id: type.eventId,
      event_name: type.eventName,
      session_id: type.sessionId,
      starts_at: type.startsAt.toISOString(),
      ticket_type_id: type.ticketTypeId,
      name: type.name,
      total: item?.total_quantity ?? 0,
      available: item?.available_quantity ?? 0,
      held: item?.held_quantity ?? 0,
      committed: item?.committed_quantity ?? 0,
    };
  });
}
