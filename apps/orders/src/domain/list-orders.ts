import type { Executor } from '@ticketing/db/client';
import { orderItems, orders } from '@ticketing/db/orders/orders';
import { AppError } from '@ticketing/trpc/errors';
import type { ListOrdersInput, OrderOutput } from '@ticketing/trpc/orders/contract';
import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { itemsOf } from './order-views';

/**
 * The cursor names the last row of a page by its exact `created_at` (PostgreSQL's microseconds,
 * which a JS Date would round) and id, so the next page starts strictly after it however many
 * orders share a millisecond.
 */
interface Position {
  at: string;
  id: string;
}

const encodeCursor = (position: Position) =>
  Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');

function decodeCursor(cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new AppError('validation_error', 'Invalid input: cursor: not a cursor of this list', {
    fields: { cursor: 'invalid' },
  });
}

/** LIKE pattern of a prefix: the user's %, _ and \ match themselves. */
const prefixPattern = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** An order-number prefix (hex digits and dashes) or an e-mail prefix, case-insensitive. */
function searchCondition(q: string): SQL {
  const pattern = prefixPattern(q.toLowerCase());
  const byEmail = sql`lower(${orders.customerEmail}) like ${pattern}`;
  if (!/^[0-9a-f-]+$/i.test(q)) return byEmail;
  // Both sides match the expression indexes of the migration (lower(email), id::text).
  return or(byEmail, sql`(${orders.id}::text) like ${pattern}`) ?? byEmail;
}

const hasLine = (condition: SQL) =>
  sql`exists (select 1 from ${orderItems} where ${orderItems.orderId} = ${orders.id} and ${condition})`;

export type OrderFilters = Omit<ListOrdersInput, 'cursor' | 'limit'>;

/** The WHERE of the filters, shared by the list and the stats counts. */
export function orderFilters(filters: OrderFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.q) conditions.push(searchCondition(filters.q));
  if (filters.status) conditions.push(eq(orders.status, filters.status));
  if (filters.session_ids) {
    conditions.push(hasLine(inArray(orderItems.sessionId, lowered(filters.session_ids))));
  }
  if (filters.ticket_type_ids) {
    conditions.push(hasLine(inArray(orderItems.ticketTypeId, lowered(filters.ticket_type_ids))));
  }
  if (filters.from) conditions.push(gte(orders.createdAt, new Date(filters.from)));
  if (filters.to) conditions.push(lt(orders.createdAt, new Date(filters.to)));
  return conditions;
}

const lowered = (ids: readonly string[]) => ids.map((id) => id.toLowerCase());

/** Newest first, a page at a time (keyset on created_at, id: no OFFSET scans). */
export async function listOrders(
  db: Executor,
  input: ListOrdersInput,
): Promise<{ results: OrderOutput[]; next_cursor: string | null }> {
  const limit = input.limit ?? 20;
  const conditions = orderFilters(input);
  if (input.cursor) {
    const after = decodeCursor(input.cursor);
    conditions.push(
      sql`(${orders.createdAt}, ${orders.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await db
    .select({
      id: orders.id,
      status: orders.status,
      cancelReason: orders.cancelReason,
      totalAmount: orders.totalAmount,
      holdId: orders.holdId,
      customerEmail: orders.customerEmail,
      customerName: orders.customerName,
      paymentDeadline: orders.paymentDeadline,
      createdAt: orders.createdAt,
      position: sql<string>`${orders.createdAt}::text`,
    })
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const items = await itemsOf(
    db,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    results: page.map((row) => ({
      order_id: row.id,
      status: row.status,
      ...(row.cancelReason ? { cancel_reason: row.cancelReason } : {}),
      total: row.totalAmount,
      hold_id: row.holdId,
      customer_email: row.customerEmail,
      customer_name: row.customerName,
      items: items.get(row.id) ?? [],
      payment_deadline: row.paymentDeadline.toISOString(),
      created_at: row.createdAt.toISOString(),
    })),
    next_cursor:
      rows.length > limit && last ? encodeCursor({ at: last.position, id: last.id }) : null,
  };
}
