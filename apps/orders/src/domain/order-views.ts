import type { Executor } from '@ticketing/db/client';
import { orderItems, orders } from '@ticketing/db/orders/orders';
import { notFound } from '@ticketing/trpc/errors';
import type { CreateOrderOutput, OrderItem, OrderOutput } from '@ticketing/trpc/orders/contract';
import { isUuid } from '@ticketing/trpc/schemas/ids';
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';

const orderColumns = {
  id: orders.id,
  status: orders.status,
  cancelReason: orders.cancelReason,
  totalAmount: orders.totalAmount,
  holdId: orders.holdId,
  customerEmail: orders.customerEmail,
  customerName: orders.customerName,
  paymentDeadline: orders.paymentDeadline,
  createdAt: orders.createdAt,
};

type OrderRow = Pick<typeof orders.$inferSelect, keyof typeof orderColumns>;

/** Lines in one canonical order (session, ticket type), so every answer lists them alike. */
export async function itemsOf(db: Executor, orderIds: string[]): Promise<Map<string, OrderItem[]>> {
  const byOrder = new Map<string, OrderItem[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return byOrder;
  const rows = await db
    .select({
      orderId: orderItems.orderId,
      session_id: orderItems.sessionId,
      ticket_type_id: orderItems.ticketTypeId,
      quantity: orderItems.quantity,
      unit_price: orderItems.unitPrice,
    })
    .from(orderItems)
    .where(inArray(orderItems.orderId, orderIds))
    .orderBy(asc(orderItems.sessionId), asc(orderItems.ticketTypeId));
  for (const { orderId, ...item } of rows) byOrder.get(orderId)?.push(item);
  return byOrder;
}

/** The fields fixed at creation: what `create` answered, and what its replay answers again. */
function creationFields(row: OrderRow, items: OrderItem[]) {
  return {
    order_id: row.id,
    total: row.totalAmount,
    hold_id: row.holdId,
    customer_email: row.customerEmail,
    customer_name: row.customerName,
    items,
    payment_deadline: row.paymentDeadline.toISOString(),
    created_at: row.createdAt.toISOString(),
  };
}

async function viewOf(db: Executor, row: OrderRow): Promise<OrderOutput> {
  const items = (await itemsOf(db, [row.id])).get(row.id) ?? [];
  return {
    ...creationFields(row, items),
    status: row.status,
    ...(row.cancelReason ? { cancel_reason: row.cancelReason } : {}),
  };
}

/** An order as `create` answered it, plus its fingerprint to tell a replay from a reused key. */
export async function readCreation(
  db: Executor,
  idempotencyKey: string,
): Promise<{ order: CreateOrderOutput; fingerprint: string } | undefined> {
  const [row] = await db
    .select({ ...orderColumns, fingerprint: orders.requestFingerprint })
    .from(orders)
    .where(eq(orders.idempotencyKey, idempotencyKey));
  if (!row) return undefined;
  const items = (await itemsOf(db, [row.id])).get(row.id) ?? [];
  return {
    order: { ...creationFields(row, items), status: 'pending' },
    fingerprint: row.fingerprint,
  };
}

export async function readOrder(db: Executor, orderId: string): Promise<OrderOutput> {
  if (!isUuid(orderId)) throw notFound('order', orderId);
  const [row] = await db.select(orderColumns).from(orders).where(eq(orders.id, orderId));
  if (!row) throw notFound('order', orderId);
  return viewOf(db, row);
}

/** The hold's live order (at most one, by the unique index), else its most recent one. */
export async function readOrderByHold(db: Executor, holdId: string): Promise<OrderOutput> {
  const missing = () => notFound('order of hold', holdId);
  if (!isUuid(holdId)) throw missing();
  const [row] = await db
    .select(orderColumns)
    .from(orders)
    .where(eq(orders.holdId, holdId))
    .orderBy(sql`${orders.status} = 'cancelled'`, desc(orders.createdAt))
    .limit(1);
  if (!row) throw missing();
  return viewOf(db, row);
}

/** Current status of an order, for explaining why a transition did not apply. */
export async function readStatus(db: Executor, orderId: string) {
  const [row] = await db
    .select({ status: orders.status, cancelReason: orders.cancelReason })
    .from(orders)
    .where(eq(orders.id, orderId));
  return row;
}
