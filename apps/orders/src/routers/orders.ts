import { outbox } from '@ticketing/db/orders/outbox';
import { readOutboxBacklog } from '@ticketing/events/outbox-backlog';
import { idempotencyKey, ordersContract } from '@ticketing/trpc/orders/contract';
import { z } from 'zod';
import { cancelOrder } from '../domain/cancel-order';
import { confirmOrder } from '../domain/confirm-order';
import { createOrder } from '../domain/create-order';
import { listOrders } from '../domain/list-orders';
import { readOrderHistory } from '../domain/order-history';
import { orderStats } from '../domain/order-stats';
import { readOrder, readOrderByHold } from '../domain/order-views';
import { refundOrder } from '../domain/refund-order';
import { procedure, router } from '../trpc';
import { requireIdempotencyKey } from './idempotency-key';

const { create, confirm, cancel, get, getByHoldId, list, stats, history, refund, outboxBacklog } =
  ordersContract;

export const ordersRouter = router({
  create: procedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/orders',
        requestHeaders: z.object({ 'idempotency-key': idempotencyKey }),
      },
      successStatus: 201,
    })
    .input(create.input)
    .output(create.output)
    .mutation(async ({ ctx, input }) => {
      const { idempotency_key, ...request } = input;
      const key = requireIdempotencyKey(idempotency_key, ctx.idempotencyKey);
      const { order, created } = await createOrder(ctx.db, key, request, {
        holdTtlSeconds: ctx.holdTtlSeconds,
      });
      if (created) await ctx.expiry.schedule(order.order_id, new Date(order.payment_deadline));
      return order;
    }),

  confirm: procedure
    .meta({ openapi: { method: 'POST', path: '/orders/{id}/confirm' } })
    .input(confirm.input)
    .output(confirm.output)
    .mutation(({ ctx, input }) => confirmOrder(ctx.db, ctx.payments, input.id, input.card_number)),

  cancel: procedure
    .meta({ openapi: { method: 'POST', path: '/orders/{id}/cancel' } })
    .input(cancel.input)
    .output(cancel.output)
    .mutation(({ ctx, input }) => cancelOrder(ctx.db, input.id)),

  get: procedure
    .meta({ openapi: { method: 'GET', path: '/orders/{id}' } })
    .input(get.input)
    .output(get.output)
    .query(({ ctx, input }) => readOrder(ctx.db, input.id)),

  getByHoldId: procedure
    .meta({ openapi: { method: 'GET', path: '/orders/by-hold/{hold_id}' } })
    .input(getByHoldId.input)
    .output(getByHoldId.output)
    .query(({ ctx, input }) => readOrderByHold(ctx.db, input.hold_id)),

  // Admin procedures (dashboard); tRPC only, the web exposes them behind its admin auth.
  list: procedure
    .input(list.input)
    .output(list.output)
    .query(({ ctx, input }) => listOrders(ctx.db, input)),

  stats: procedure
    .input(stats.input)
    .output(stats.output)
    .query(({ ctx, input }) => orderStats(ctx.db, input)),

  history: procedure
    .input(history.input)
    .output(history.output)
    .query(({ ctx, input }) => readOrderHistory(ctx.db, input.id)),

  refund: procedure
    .input(refund.input)
    .output(refund.output)
    .mutation(({ ctx, input }) => refundOrder(ctx.db, ctx.payments, input.id)),

  outboxBacklog: procedure
    .input(outboxBacklog.input)
    .output(outboxBacklog.output)
    .query(({ ctx }) => readOutboxBacklog(ctx.db, outbox)),
});
