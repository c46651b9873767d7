import { createHash, timingSafeEqual } from 'node:crypto';

import { AppError } from '@ticketing/trpc/errors';
import { isUuid } from '@ticketing/trpc/schemas/ids';

import type { OrdersGateway } from './orders-gateway';

const digestOf = (email: string) =>
  createHash('sha256').update(email.trim().toLowerCase()).digest();

/** One answer for an unknown order and a wrong e-mail: it never tells which half was wrong. */
const noSuchOrder = () => new AppError('not_found', 'No such order');

/**
 * Finds an order by its number and the buyer's e-mail (compared case-insensitively). Both misses
 * cost one call to orders and answer the same 404, so neither the body nor the timing tells an
 * unknown order from a wrong e-mail. A malformed number is a miss too.
 */
export async function findOrder(
  orders: Pick<OrdersGateway, 'get'>,
  request: { order_id: string; customer_email: string },
): Promise<{ order_id: string }> {
  const id = request.order_id.trim().toLowerCase();
  let customerEmail: string | undefined;
  if (isUuid(id)) {
    try {
      customerEmail = (await orders.get({ id })).customer_email;
    } catch (error) {
      // 503 and anything else unexpected are not a miss: the buyer should try again.
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
  }
  // Compare even when there is no order, so both misses do the same work.
  const expected = digestOf(customerEmail ?? '');
  const matches = timingSafeEqual(expected, digestOf(request.customer_email));
  if (customerEmail === undefined || !matches) throw noSuchOrder();
  return { order_id: id };
}
