import type { Database, Executor } from '@ticketing/db/client';
import { ticketTypes } from '@ticketing/db/main/catalog';
import { holds,type HoldStatus } from '@ticketing/db/main/holds';
import { and, eq, gt, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';

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

/** A hold refused because its buyer would hold more than `limit` seats of the session at once. */
export interface BuyerLimitReached {
  buyerLimitReached: true;
  limit: number;
  /** Seats the buyer holds of the session now (live holds: pending or active, unexpired). */
  held: number;
}

export interface CappedHoldFields extends PendingHoldFields {
  /** Most seats of the session its buyer (e-mail, case-insensitive) may hold at once, this one included. */
  buyerSeatLimit: number;
}

/**
 * Namespace of the per-(buyer, session) advisory locks (the two-key form, so no single-key lock
 * such as the migrations' can collide with them).
 */
const BUYER_LOCK_NAMESPACE = 1_212;

const buyerKey = (row: { customerEmail: string; sessionId: string }) =>
  `${row.customerEmail.toLowerCase()}/${row.sessionId}`;

/**
 * `insertPendingHolds` under the per-buyer cap (issue 12 §2): a hold goes in only if its buyer's
 * live seats of the session plus its own stay within `buyerSeatLimit`.
 *
 * Decided in one transaction that first takes a transaction-scoped advisory lock per (buyer,
 * session) of the batch, in key order (two batches never wait on each other in a cycle): every
 * other hold of that buyer and session, from this process or another web, waits for the commit,
 * so the seats counted next are the seats there are, and the holds this batch admits are counted
 * by the next one. A plain conditional INSERT could not do this: under READ COMMITTED two
 * concurrent statements each count the other's rows as absent. The lock is per buyer, so the
 * on-sale rush of different buyers never queues on it; only concurrent holds of one buyer do.
 * Holds only ever leave the live states meanwhile (release, expiry), which can only free room.
 *
 * Within a batch the holds are decided in order, as if they had come one after the other.
 */
export async function insertCappedPendingHolds(
  db: Database,
  rows: readonly CappedHoldFields[],
): Promise<Map<string, HoldRow | BuyerLimitReached>> {
  if (rows.length === 0) return new Map();
  return db.transaction(async (tx) => {
    const keys = [...new Set(rows.map(buyerKey))];
    await tx.execute(sql`
      select pg_advisory_xact_lock(${BUYER_LOCK_NAMESPACE}, k.hash)
      from (
        select distinct hashtext(key) as hash from unnest(${sql.param(keys)}::text[]) as key
        order by hash
      ) as k`);
    const live = await tx.execute<{ key: string; held: number }>(sql`
      select lower(${holds.customerEmail}) || '/' || ${holds.sessionId} as key,
             sum(${holds.quantity})::int as held
      from ${holds}
      where ${holds.sessionId} = any(${sql.param([...new Set(rows.map((row) => row.sessionId))])}::uuid[])
        and lower(${holds.customerEmail}) = any(${sql.param([...new Set(rows.map((row) => row.customerEmail.toLowerCase()))])}::text[])
        and ${holds.status} in ('pending', 'active')
        and ${holds.expiresAt} > now()
      group by 1`);
    const held = new Map(live.rows.map((row) => [row.key, Number(row.held)]));
    const refused = new Map<string, BuyerLimitReached>();
    const admitted: PendingHoldFields[] = [];
    for (const { buyerSeatLimit, ...row } of rows) {
      const key = buyerKey(row);
      const now = held.get(key) ?? 0;
      if (now + row.quantity > buyerSeatLimit) {
        refused.set(row.id, { buyerLimitReached: true, limit: buyerSeatLimit, held: now });
        continue;
      }
      // Counted for the holds after it in the batch; an unknown ticket type is not inserted and
      // then over-counts only within this batch (its buyer's next batch counts afresh).
      held.set(key, now + row.quantity);
      admitted.push(row);
    }
    const inserted = await insertPendingHolds(tx, admitted);
    return new Map<string, HoldRow | BuyerLimitReached>([
      ...refused,
      ...inserted.map((hold) => [hold.id, hold] as const),
    ]);
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
