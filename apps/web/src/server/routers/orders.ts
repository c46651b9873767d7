import { z } from 'zod';
import { notFound } from '@ticketing/trpc/errors';
import { idempotencyKey } from '@ticketing/trpc/orders/contract';
import { checkout } from '../checkout/checkout';
import { requireIdempotencyKey } from '../checkout/idempotency-key';
import { isUuid } from '../catalog/ids';
import { publicProcedure, router } from '../trpc';
import { idInput } from './catalog-schemas';
import {
  cancelledSchema,
  checkoutInput,
  checkoutSchema,
  confirmedSchema,
  confirmInput,
  orderSchema,
} from './purchase-schemas';

const tags = ['purchase'];

/** A malformed order id is a 404 without asking orders. */
const orderId = (id: string) => {
  if (!isUuid(id)) throw notFound('order', id);
  return id.toLowerCase();
};

export const ordersRouter = router({
  checkout: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/checkout',
        tags,
        summary: 'Turn an active hold into a pending order',
        description:
          'Header `Idempotency-Key` required: a replay with the same key and body answers the same ' +
          'order; the same key with another body is refused (422). On 503 `orders_unavailable`, ' +
          'retry with the same key.',
        requestHeaders: z.object({ 'idempotency-key': idempotencyKey }),
        protect: false,
        errorResponses: [400, 404, 409, 410, 422, 503],
      },
      successStatus: 201,
    })
    .input(checkoutInput)
    .output(checkoutSchema)
    .mutation(({ ctx, input: { idempotency_key, ...request } }) =>
      checkout(ctx, requireIdempotencyKey(idempotency_key, ctx.idempotencyKey), request),
    ),

  confirm: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/orders/{id}/confirm',
        tags,
        summary: 'Pay a pending order (stub: card 4000000000000002 declines)',
        protect: false,
        errorResponses: [402, 404, 409, 410, 503],
      },
    })
    .input(confirmInput)
    .output(confirmedSchema)
    .mutation(({ ctx, input }) =>
      ctx.orders.confirm({ id: orderId(input.id), card_number: input.card_number }),
    ),

  cancel: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/orders/{id}/cancel',
        tags,
        summary: 'Cancel a pending order; its seats return',
        protect: false,
        errorResponses: [404, 409, 503],
      },
    })
    .input(idInput)
    .output(cancelledSchema)
    .mutation(({ ctx, input }) => ctx.orders.cancel({ id: orderId(input.id) })),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/orders/{id}',
        tags,
        summary: 'One order',
        protect: false,
        errorResponses: [404, 503],
      },
    })
    .input(idInput)
    .output(orderSchema)
    .query(async ({ ctx, input }) => {
      const order = await ctx.orders.get({ id: orderId(input.id) });
      return {
        order_id: order.order_id,
        status: order.status,
        total: order.total,
        customer_email: order.customer_email,
        customer_name: order.customer_name,
        hold_id: order.hold_id,
        items: order.items,
        payment_deadline: order.payment_deadline,
        created_at: order.created_at,
        ...(order.cancel_reason ? { cancel_reason: order.cancel_reason } : {}),
      };
    }),
});
