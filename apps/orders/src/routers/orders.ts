import { outbox } from '@ticketing/db/orders/outbox';
import { readOutboxBacklog } from '@ticketing/events/outbox-backlog';
import type { OrdersContract } from '@ticketing/trpc/orders/contract';
import { requireIdempotencyKey } from '@ticketing/trpc/schemas/idempotency-key';

import { listOrderAudit } from '../domain/audit-log';
import { cancelOrder } from '../domain/cancel-order';
import { confirmOrder } from '../domain/confirm-order';
import { createOrder } from '../domain/create-order';
import { listOrders } from '../domain/list-orders';
import { readOrderHistory } from '../domain/order-history';
import { orderStats } from '../domain/order-stats';
import { readOrder, readOrderByHold } from '../domain/order-views';
import { refundOrder } from '../domain/refund-order';
import type { Handlers } from '../trpc';

/** The orders contract's procedures; its ids arrive lower-cased, a malformed one already a 404. */
export const orderHandlers = {
  create: async ({ ctx, input }) => {
    const { idempotency_key, ...request } = input;
    const key = requireIdempotencyKey(idempotency_key, ctx.idempotencyKey);
    const { order, created } = await createOrder(ctx.db, key, request, {
      holdTtlSeconds: ctx.holdTtlSeconds,
    });
    if (created) await ctx.expiry.schedule(order.order_id, new Date(order.payment_deadline));
    return order;
  },

  confirm: ({ ctx, input }) => confirmOrder(ctx.db, ctx.payments, input.id, input.card_number),
  cancel: ({ ctx, input: { id, ...who } }) => cancelOrder(ctx.db, id, who),
  get: ({ ctx, input }) => readOrder(ctx.db, input.id),
  getByHoldId: ({ ctx, input }) => readOrderByHold(ctx.db, input.hold_id),

  list: ({ ctx, input }) => listOrders(ctx.db, input),
  stats: ({ ctx, input }) => orderStats(ctx.db, input),
  history: ({ ctx, input }) => readOrderHistory(ctx.db, input.id),
  refund: ({ ctx, input: { id, ...who } }) => refundOrder(ctx.db, ctx.payments, id, who),
  auditLog: ({ ctx, input }) => listOrderAudit(ctx.db, input),
  outboxBacklog: ({ ctx }) => readOutboxBacklog(ctx.db, outbox),
} satisfies Handlers<OrdersContract>;
