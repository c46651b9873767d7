import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { AppError } from '@ticketing/trpc/errors';

import type { OrdersGateway } from '../orders/orders-gateway';
import { appendHoldExpired } from './hold-events';
import {
  dueLiveHoldIds,
  dueOrderlessHoldIds,
  expireLiveHold,
  expireOrderlessHold,
  type HoldRow,
  readHold,
  recordOrder,
} from './hold-store';

export interface ExpiryDependencies {
  db: Database;
  orders: OrdersGateway;
  logger: Logger;
  /** How long past its deadline a converted hold without a known order waits before orders is asked. */
  orderlessGraceMs: number;
}

/**
 * What became of a hold whose deadline came: `expired` (and `hold.expired` written), `not_due`
 * (too early: try again later), or `settled` (checked out with an order, released, rejected, gone).
 */
export type ExpiryOutcome = 'expired' | 'not_due' | 'settled';

/**
 * docs/architecture.md §2.4 for one hold. A hold nobody checked out expires by a conditional update with
 * its event; a converted one only if orders, asked by hold id, has no order for it (the checkout's
 * outcome was unknown and nobody retried). Throws `orders_unavailable` when orders cannot be asked.
 */
export async function expireHold(deps: ExpiryDependencies, id: string): Promise<ExpiryOutcome> {
  const expired = await deps.db.transaction(async (tx) => {
    const row = await expireLiveHold(tx, id);
    if (row) await appendHoldExpired(tx, row);
    return row;
  });
  if (expired) return 'expired';
  const hold = await readHold(deps.db, id);
  if (!hold) return 'settled';
  if (hold.status === 'pending' || hold.status === 'active') return 'not_due';
  if (hold.status !== 'converted' || hold.orderId) return 'settled';
  if (Date.now() < hold.expiresAt.getTime() + deps.orderlessGraceMs) return 'not_due';
  return expireIfOrderless(deps, hold);
}

async function expireIfOrderless(deps: ExpiryDependencies, hold: HoldRow): Promise<ExpiryOutcome> {
  try {
    const order = await deps.orders.getByHoldId({ hold_id: hold.id });
    await recordOrder(deps.db, hold.id, order.order_id);
    return 'settled';
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
  }
  const expired = await deps.db.transaction(async (tx) => {
    const row = await expireOrderlessHold(tx, hold.id);
    if (row) await appendHoldExpired(tx, row);
    return row;
  });
  if (expired) deps.logger.info({ hold_id: hold.id }, 'converted hold without an order expired');
  return expired ? 'expired' : 'settled';
}

export interface SweepResult {
  expired: number;
  settled: number;
}

const SWEEP_BATCH = 200;
/** One sweep's bound; a larger backlog is finished by the next one. */
const MAX_BATCHES = 50;

/**
 * Catches what a lost expiry job missed: every hold nobody checked out past its deadline, then
 * converted holds past deadline + grace whose order the web never saw. Stops early (and throws)
 * if orders cannot be asked; the next sweep goes on.
 */
export async function sweepDueHolds(deps: ExpiryDependencies): Promise<SweepResult> {
  const result: SweepResult = { expired: 0, settled: 0 };
  const count = (outcome: ExpiryOutcome) => {
    if (outcome === 'expired') result.expired += 1;
    else if (outcome === 'settled') result.settled += 1;
  };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const ids = await dueLiveHoldIds(deps.db, SWEEP_BATCH);
    for (const id of ids) count(await expireHold(deps, id));
    if (ids.length < SWEEP_BATCH) break;
  }
  // Orderless holds are asked about once per sweep each: a batch, not a loop until empty.
  const orderless = await dueOrderlessHoldIds(deps.db, SWEEP_BATCH, deps.orderlessGraceMs);
  for (const id of orderless) count(await expireHold(deps, id));
  return result;
}
