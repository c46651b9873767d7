import type { Database } from '@ticketing/db/client';
import type { Logger } from '@ticketing/log/logger';
import { AppError, notFound } from '@ticketing/trpc/errors';
import type { CreateOrderOutput } from '@ticketing/trpc/orders/contract';
import type { CheckoutRequest, CheckoutResult } from '@ticketing/trpc/public/orders';

import {
  convertHold,
  type HoldRow,
  readHold,
  recordOrder,
  unconvertHold,
} from '../holds/hold-store';
import type { OrdersGateway } from '../orders/orders-gateway';
import { ServiceUnavailableError } from '../remote/guarded-client';

export interface CheckoutDependencies {
  db: Database;
  orders: OrdersGateway;
  logger: Logger;
}

/**
 * docs/architecture.md §2.2 and its races. The hold is moved `active → converted` under the key (one
 * conditional update) BEFORE orders is asked, so expiry can no longer take it; then orders creates
 * the order with the same key (idempotent there too). If orders certainly did not create it, the
 * hold goes back to `active`; if the outcome is unknown (timeout), it stays converted: a retry with
 * the same key finds the same order, and the expiry sweep asks orders about converted holds whose
 * order never showed up. A replay (same key) of a converted hold asks orders again, which answers
 * the same order, or 422 for another body; another key is refused (409 `hold_not_active`).
 */
export async function checkout(
  deps: CheckoutDependencies,
  idempotencyKey: string,
  request: CheckoutRequest,
): Promise<CheckoutResult> {
  const holdId = request.hold_id;

  const converted = await convertHold(deps.db, holdId, idempotencyKey);
  const hold = converted ?? (await replayableHold(deps.db, holdId, idempotencyKey));

  let order: CreateOrderOutput;
  try {
    order = await deps.orders.create({
      idempotency_key: idempotencyKey,
      hold_id: hold.id,
      customer_email: request.customer_email,
      customer_name: request.customer_name,
      items: [
        {
          session_id: hold.sessionId,
          ticket_type_id: hold.ticketTypeId,
          quantity: hold.quantity,
          unit_price: unitPriceOf(hold),
        },
      ],
      payment_deadline: hold.expiresAt.toISOString(),
    });
  } catch (error) {
    if (converted && certainlyNoOrder(error)) {
      await unconvertHold(deps.db, hold.id, idempotencyKey);
    } else if (error instanceof ServiceUnavailableError) {
      deps.logger.warn(
        { hold_id: hold.id },
        'checkout outcome unknown; the hold stays converted for a retry with the same key',
      );
    }
    throw error;
  }

  if (!hold.orderId) await recordOrder(deps.db, hold.id, order.order_id);
  return {
    order_id: order.order_id,
    status: order.status,
    total: order.total,
    payment_deadline: order.payment_deadline,
  };
}

/** Why a hold could not be converted, or the hold itself when this is a replay of its checkout. */
async function replayableHold(db: Database, holdId: string, key: string): Promise<HoldRow> {
  const hold = await readHold(db, holdId);
  if (!hold) throw notFound('hold', holdId);
  if (hold.status === 'converted') {
    if (hold.checkoutKey === key) return hold;
    throw new AppError('hold_not_active', `hold ${holdId} is already checked out`, {
      status: hold.status,
    });
  }
  const lapsed =
    hold.status === 'expired' ||
    ((hold.status === 'active' || hold.status === 'pending') && hold.expiresAt <= new Date());
  if (lapsed) throw new AppError('hold_expired', `hold ${holdId} has expired`);
  throw new AppError('hold_not_active', `hold ${holdId} is not active`, { status: hold.status });
}

function unitPriceOf(hold: HoldRow): string {
  if (hold.checkoutUnitPrice === null) {
    throw new Error(`converted hold ${hold.id} has no checkout price`);
  }
  return hold.checkoutUnitPrice;
}

/**
 * Orders refused the request (bad input, a key used for another hold) or never received it: no
 * order exists under this key, so the hold may be checked out again. `hold_not_active` from orders
 * means a live order backs the hold, so it must stay converted.
 */
function certainlyNoOrder(error: unknown): boolean {
  if (error instanceof ServiceUnavailableError) return error.outcome === 'not_sent';
  return error instanceof AppError && error.code !== 'hold_not_active';
}
