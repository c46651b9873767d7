import { publicOrdersContract } from '@ticketing/trpc/public/contract';
import { requireIdempotencyKey } from '@ticketing/trpc/schemas/idempotency-key';

import { checkout } from '../checkout/checkout';
import { findOrder } from '../orders/find-order';
import { summarizeOrder } from '../orders/order-summary';
import { implement } from '../trpc';

/**
 * Checkout and the buyer's order procedures. Order ids arrive lower-cased, and a malformed one has
 * answered 404 without asking orders; orders' answers pass through as its contract describes them.
 */
export const ordersRouter = implement(publicOrdersContract, {
  checkout: async ({ ctx, input: { idempotency_key, ...request } }) => {
    await ctx.purchaseLimiter.consume('checkout', ctx.clientAddress);
    return checkout(ctx, requireIdempotencyKey(idempotency_key, ctx.idempotencyKey), request);
  },

  confirm: ({ ctx, input }) => ctx.orders.confirm({ id: input.id, card_number: input.card_number }),

  cancel: ({ ctx, input }) => ctx.orders.cancel({ id: input.id }),

  get: ({ ctx, input }) => ctx.orders.get({ id: input.id }),

  summary: async ({ ctx, input }) =>
    summarizeOrder(ctx.db, await ctx.orders.get({ id: input.id }), ctx.ticketSigningSecret),

  find: ({ ctx, input }) => findOrder(ctx.orders, input),
});
