import { and, eq, gt, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '@ticketing/db/client';
import { ticketTypes } from '@ticketing/db/main/catalog';
import { type HoldStatus, holds } from '@ticketing/db/main/holds';

/**
 * Plain data functions on `holds`. Every state change is one conditional UPDATE: the database, not
 * timing, decides races between checkout, release and expiry (docs/architecture.md §2).
 */

export const holdColumns = {
  id: holds.id,
  sessionId: holds.sessionId,
  ticketTypeId: holds.ticketTypeId,
  quantity: holds.quantity,
  customerEmail: holds.customerEmail,
  status: holds.status,
  expiresAt: holds.expiresAt,
  checkoutKey: holds.checkoutKey,
  checkoutUnitPrice: holds.checkoutUnitPrice,
  orderId: holds.orderId,
  createdAt: holds.createdAt,
};

export type HoldRow = Pick<typeof holds.$inferSelect, keyof typeof holdColumns>;

/** States from which expiry may take a hold: nobody has checked it out. */
const LIVE: HoldStatus[] = ['pending', 'active'];

export interface PendingHoldFields {
  /** Chosen by the caller, so a batch's answers can be matched to its requests. */
  id: string;
  sessionId: string;
  ticketTypeId: string;
  quantity: number;
  customerEmail: string;
  expiresAt: Date;
}

/**
 * Inserts pending holds in one statement, each only if its ticket type belongs to its session: the
 * rows returned are the holds that exist now; a missing one names an unknown ticket type. The join
 * replaces a lookup round trip per hold, and the foreign keys still guard against a ticket type
 * deleted meanwhile.
 */
export async function insertPendingHolds(
  db: Executor,
  rows: readonly PendingHoldFields[],
): Promise<HoldRow[]> {
  if (rows.length === 0) return [];
  const column = <K extends keyof PendingHoldFields>(key: K) =>
    sql.param(rows.map((row) => row[key]));
  const inserted = await db.execute<{ id: string; created_at: string }>(sql`
    insert into ${holds} (id, session_id, ticket_type_id, quantity, customer_email, status, expires_at)
    select v.id, v.session_id, v.ticket_type_id, v.quantity, v.customer_email, 'pending', v.expires_at
    from unnest(
      ${column('id')}::uuid[], ${column('sessionId')}::uuid[], ${column('ticketTypeId')}::uuid[],
      ${column('quantity')}::int[], ${column('customerEmail')}::text[],
      ${sql.param(rows.map((row) => row.expiresAt.toISOString()))}::timestamptz[]
    ) as v(id, session_id, ticket_type_id, quantity, customer_email, expires_at)
    join ${ticketTypes} t on t.id = v.ticket_type_id and t.session_id = v.session_id
    returning id, created_at`);
  const createdAt = new Map(inserted.rows.map((row) => [row.id, new Date(row.created_at)]));
  // The pending rows as written: the caller's fields, the defaults, the server's created_at.
  return rows.flatMap((row) => {
    const created = createdAt.get(row.id);
    return created
      ? [
          {
            ...row,
            status: 'pending' as const,
            checkoutKey: null,
            checkoutUnitPrice: null,
            orderId: null,
            createdAt: created,
          },
        ]
      : [];
  });
}

/** pending → active for several holds at once; the rows that moved. */
export async function activateHolds(tx: Executor, ids: readonly string[]): Promise<HoldRow[]> {
  if (ids.length === 0) return [];
  return tx
    .update(holds)
    .set({ status: 'active', updatedAt: new Date() })
    .where(and(inArray(holds.id, [...ids]), eq(holds.status, 'pending')))
    .returning(holdColumns);
}

export async function readHold(db: Executor, id: string): Promise<HoldRow | undefined> {
  const [row] = await db.select(holdColumns).from(holds).where(eq(holds.id, id));
  return row;
}

/** Moves a hold from `from` to `to` if it is still in `from`; the row when it moved. */
async function transition(
  db: Executor,
  id: string,
  from: HoldStatus[],
  to: HoldStatus,
  extra: SQL[] = [],
): Promise<HoldRow | undefined> {
  const [row] = await db
    .update(holds)
    .set({ status: to, updatedAt: new Date() })
    .where(and(eq(holds.id, id), inArray(holds.status, from), ...extra))
    .returning(holdColumns);
  return row;
}

/** pending → rejected, when inventory refused the seats. */
export const rejectHold = (db: Executor, id: string) => transition(db, id, ['pending'], 'rejected');

/** active → released by the buyer, while it has not expired. */
export const releaseActiveHold = (tx: Executor, id: string) =>
  transition(tx, id, ['active'], 'released', [gt(holds.expiresAt, sql`now()`)]);

/** pending|active → expired, only once its deadline has passed. */
export const expireLiveHold = (tx: Executor, id: string) =>
  transition(tx, id, LIVE, 'expired', [lte(holds.expiresAt, sql`now()`)]);

/** converted → expired, for a converted hold that orders never got an order for. */
export const expireOrderlessHold = (tx: Executor, id: string) =>
  transition(tx, id, ['converted'], 'expired', [isNull(holds.orderId)]);

/**
 * active → converted under an Idempotency-Key, if unexpired. The unit price is taken now and kept,
 * so a replay asks orders for exactly the same order.
 */
export async function convertHold(
  db: Executor,
  id: string,
  checkoutKey: string,
): Promise<HoldRow | undefined> {
  const [row] = await db
    .update(holds)
    .set({
      status: 'converted',
      checkoutKey,
      checkoutUnitPrice: sql`(select ${ticketTypes.price} from ${ticketTypes} where ${ticketTypes.id} = ${holds.ticketTypeId})`,
      updatedAt: new Date(),
    })
    .where(and(eq(holds.id, id), eq(holds.status, 'active'), gt(holds.expiresAt, sql`now()`)))
    .returning(holdColumns);
  return row;
}

/** converted → active again, when the order certainly was not created under this key. */
export async function unconvertHold(db: Executor, id: string, checkoutKey: string) {
  await db
    .update(holds)
    .set({ status: 'active', checkoutKey: null, checkoutUnitPrice: null, updatedAt: new Date() })
    .where(
      and(
        eq(holds.id, id),
        eq(holds.status, 'converted'),
        eq(holds.checkoutKey, checkoutKey),
        isNull(holds.orderId),
      ),
    );
}

/** Remembers the order backing a converted hold (the sweep stops asking orders about it). */
export async function recordOrder(db: Executor, id: string, orderId: string) {
  await db
    .update(holds)
    .set({ orderId, updatedAt: new Date() })
    .where(and(eq(holds.id, id), isNull(holds.orderId)));
}

/** Up to `limit` holds nobody checked out, past their deadline (the sweep's work). */
export async function dueLiveHoldIds(db: Executor, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: holds.id })
    .from(holds)
    .where(and(inArray(holds.status, LIVE), lte(holds.expiresAt, sql`now()`)))
    .orderBy(holds.expiresAt)
    .limit(limit);
  return rows.map((row) => row.id);
}

/**
 * Up to `limit` converted holds whose order the web has not seen, `graceMs` past their deadline
 * (a checkout's orders call may still be in flight right at the deadline).
 */
export async function dueOrderlessHoldIds(
  db: Executor,
  limit: number,
  graceMs: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: holds.id })
    .from(holds)
    .where(
      and(
        eq(holds.status, 'converted'),
        isNull(holds.orderId),
        lte(holds.expiresAt, sql`now() - make_interval(secs => ${graceMs / 1_000})`),
      ),
    )
    .orderBy(holds.expiresAt)
    .limit(limit);
  return rows.map((row) => row.id);
}
