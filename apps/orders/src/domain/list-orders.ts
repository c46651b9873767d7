import type { Executor } from '@ticketing/db/client';
import { orderItems, orders } from '@ticketing/db/orders/orders';
import { AppError } from '@ticketing/trpc/errors';
import type { ListOrdersInput, OrderOutput, OrderSort } from '@ticketing/trpc/orders/contract';
import { isUuid } from '@ticketing/trpc/schemas/ids';
import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';

import { itemsOf } from './order-views';

/**
 * The cursor names the last row of a page by its sort key, written by PostgreSQL as text (the exact
 * microseconds of `created_at`, which a JS Date would round, or the decimal total), and its id, so
 * the next page starts strictly after it however many orders share a key. It also names the sort:
 * a cursor of one order is refused by another.
 */
interface Position {
  sort: OrderSort;
  key: string;
  id: string;
}

const encodeCursor = (position: Position) =>
  Buffer.from(JSON.stringify([position.sort, position.key, position.id])).toString('base64url');

function decodeCursor(cursor: string, sort: OrderSort): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value[0] === sort &&
      typeof value[1] === 'string' &&
      keyIsValid(sort, value[1]) &&
      typeof value[2] === 'string' &&
      isUuid(value[2])
    ) {
      return { sort, key: value[1], id: value[2] };
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new AppError('validation_error', 'Invalid input: cursor: not a cursor of this list', {
    fields: { cursor: 'invalid' },
  });
}

const keyIsValid = (sort: OrderSort, key: string) =>
  sort.startsWith('total') ? /^\d{1,12}(\.\d{1,2})?$/.test(key) : !Number.isNaN(Date.parse(key));

/** The sort key column, its cast for the cursor's text, and the direction. */
function ordering(sort: OrderSort) {
  const byTotal = sort.startsWith('total');
  return {
    column: byTotal ? orders.totalAmount : orders.createdAt,
    cast: byTotal ? sql`numeric` : sql`timestamptz`,
    descending: sort.endsWith('desc'),
  };
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

export type OrderFilters = Omit<ListOrdersInput, 'cursor' | 'limit' | 'sort'>;

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

/** A page at a time in the chosen order (keyset on the sort key and id: no OFFSET scans). */
export async function listOrders(
  db: Executor,
  input: ListOrdersInput,
): Promise<{ results: OrderOutput[]; next_cursor: string | null }> {
  const limit = input.limit ?? 20;
  const sort = input.sort ?? 'created_desc';
  const { column, cast, descending } = ordering(sort);
  const conditions = orderFilters(input);
  if (input.cursor) {
    const after = decodeCursor(input.cursor, sort);
    const position = sql`(${column}, ${orders.id})`;
    const last = sql`(${after.key}::${cast}, ${after.id}::uuid)`;
    conditions.push(descending ? sql`${position} < ${last}` : sql`${position} > ${last}`);
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
      position: sql<string>`${column}::text`,
    })
    .from(orders)
    .where(and(...conditions))
    .orderBy(...(descending ? [desc(column), desc(orders.id)] : [asc(column), asc(orders.id)]))
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
      rows.length > limit && last ? encodeCursor({ sort, key: last.position, id: last.id }) : null,
  };
}
