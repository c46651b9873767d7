import type { Executor } from '@ticketing/db/client';
import { type CancelReason, orders,type OrderStatus } from '@ticketing/db/orders/orders';
import { outbox } from '@ticketing/db/orders/outbox';
import { appendOutbox } from '@ticketing/events/outbox-writer';
import { AppError } from '@ticketing/trpc/errors';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';

import { itemsOf } from './order-views';
import { addSales, removeSales } from './sales-rollup';
import { recordStatus } from './status-history';

/**
 * The order state machine, the only place an order's status changes:
 * `pending → confirmed | cancelled`, and `confirmed → cancelled` only by compensation or an
 * admin's refund.
 * Each transition is one conditional UPDATE (status, and the deadline where it matters), so of
 * confirm, cancel and expiry racing on one order exactly one wins; the losers match no row.
 * The event of the new status goes into the outbox in the same transaction (I5), and so do the
 * status history row and the daily sales rollup, so neither can drift from the orders.
 */
interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  reason?: CancelReason;
  /** `open`: only before the payment deadline; `passed`: only once it has passed. */
  deadline?: 'open' | 'passed';
}

export const transitions = {
  confirm: { from: ['pending'], to: 'confirmed', deadline: 'open' },
  cancel: { from: ['pending'], to: 'cancelled', reason: 'customer' },
  expire: { from: ['pending'], to: 'cancelled', reason: 'payment_timeout', deadline: 'passed' },
  compensate: { from: ['confirmed'], to: 'cancelled', reason: 'inventory_unavailable' },
  refund: { from: ['confirmed'], to: 'cancelled', reason: 'refunded_by_admin' },
} as const satisfies Record<string, Transition>;

export type OrderAction = keyof typeof transitions;

/** One order by id, or a batch of due orders (for the sweep; rows locked elsewhere are skipped). */
export type TransitionTarget = { orderId: string } | { dueBatch: number };

export interface TransitionOptions {
  /** The instant the deadline is judged at (a PostgreSQL timestamp); default: the database clock now. */
  at?: string;
  /** Overrides the transition's cancel reason (compensation names why it undoes an order). */
  reason?: CancelReason;
}

export interface TransitionedOrder {
  id: string;
  status: OrderStatus;
  cancelReason: CancelReason | null;
  holdId: string;
}

function guardOf(transition: Transition, at: string | undefined): SQL | undefined {
  const instant = at === undefined ? sql`clock_timestamp()` : sql`${at}::timestamptz`;
  const status = inArray(orders.status, [...transition.from]);
  if (transition.deadline === 'open')
    return and(status, sql`${orders.paymentDeadline} > ${instant}`);
  if (transition.deadline === 'passed')
    return and(status, sql`${orders.paymentDeadline} <= ${instant}`);
  return status;
}

/** Applies `action` to the target; returns the orders it changed (none when another outcome won). */
export async function applyTransition(
  tx: Executor,
  action: OrderAction,
  target: TransitionTarget,
  options: TransitionOptions = {},
): Promise<TransitionedOrder[]> {
  const transition: Transition = transitions[action];
  const guard = guardOf(transition, options.at);
  const which =
    'orderId' in target
      ? eq(orders.id, target.orderId)
      : inArray(
          orders.id,
          tx
            .select({ id: orders.id })
            .from(orders)
            .where(guard)
            .orderBy(orders.paymentDeadline)
            .limit(target.dueBatch)
            .for('update', { skipLocked: true }),
        );
  const changes =
    transition.to === 'confirmed'
      ? { status: transition.to, confirmedAt: sql`now()` }
      : {
          status: transition.to,
          cancelReason: options.reason ?? transition.reason,
          cancelledAt: sql`now()`,
        };
  const changed = await tx.update(orders).set(changes).where(and(which, guard)).returning({
    id: orders.id,
    status: orders.status,
    cancelReason: orders.cancelReason,
    holdId: orders.holdId,
    customerEmail: orders.customerEmail,
    totalAmount: orders.totalAmount,
    idempotencyKey: orders.idempotencyKey,
    confirmedAt: orders.confirmedAt,
  });
  if (changed.length === 0) return [];

  await recordStatus(
    tx,
    changed.map((order) => ({
      orderId: order.id,
      status: order.status,
      reason: order.cancelReason,
    })),
  );
  const orderIds = changed.map((order) => order.id);
  // Only a confirmed order counts as sold: confirming adds it, cancelling a confirmed one takes it off.
  const wasConfirmed = transition.from.includes('confirmed');
  const items =
    transition.to === 'confirmed' || wasConfirmed ? await itemsOf(tx, orderIds) : undefined;
  if (items) {
    for (const order of changed) {
      if (!order.confirmedAt) continue;
      const lines = items.get(order.id) ?? [];
      await (transition.to === 'confirmed' ? addSales : removeSales)(tx, order.confirmedAt, lines);
    }
  }
  // Validated envelopes: a malformed event fails this transaction instead of wedging the outbox.
  for (const order of changed) {
    const event = { aggregateId: order.id, idempotencyKey: order.idempotencyKey };
    if (transition.to === 'confirmed') {
      await appendOutbox(tx, outbox, {
        ...event,
        eventType: 'order.confirmed',
        payload: {
          order_id: order.id,
          hold_id: order.holdId,
          customer_email: order.customerEmail,
          total_amount: order.totalAmount,
          items: items?.get(order.id) ?? [],
        },
      });
    } else {
      await appendOutbox(tx, outbox, {
        ...event,
        eventType: 'order.cancelled',
        payload: {
          order_id: order.id,
          hold_id: order.holdId,
          reason: order.cancelReason ?? transition.reason ?? 'cancelled',
        },
      });
    }
  }
  return changed.map(({ id, status, cancelReason, holdId }) => ({
    id,
    status,
    cancelReason,
    holdId,
  }));
}

/**
 * Why `action` does not apply to an order in `current`: 409 `order_not_pending` with the current
 * status, except a confirm of an order its deadline cancelled, which answers 410.
 */
export function refusal(
  action: OrderAction,
  orderId: string,
  current: { status: OrderStatus; cancelReason: CancelReason | null },
): AppError {
  const details = {
    status: current.status,
    ...(current.cancelReason ? { cancel_reason: current.cancelReason } : {}),
  };
  if (action === 'confirm' && current.cancelReason === 'payment_timeout') {
    return new AppError(
      'payment_deadline_passed',
      `order ${orderId} was not paid before its deadline`,
      details,
    );
  }
  return new AppError(
    'order_not_pending',
    `order ${orderId} is ${current.status}; cannot ${action} it`,
    details,
  );
}
