import { notFound } from '@ticketing/trpc/errors';
import {
  idempotencyKeyHeaders,
  requireIdempotencyKey,
} from '@ticketing/trpc/schemas/idempotency-key';
import { checkout } from '../checkout/checkout';
import { isUuid } from '../catalog/ids';
import { findOrder } from '../orders/find-order';
import { summarizeOrder } from '../orders/order-summary';
import { publicProcedure, router } from '../trpc';
import { idInput } from './catalog-schemas';
import {
  cancelledSchema,
  checkoutInput,
  checkoutSchema,
  confirmedSchema,
  confirmInput,
  findOrderInput,
  foundOrderSchema,
  orderSchema,
  orderSummarySchema,
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
        requestHeaders: idempotencyKeyHeaders,
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

  summary: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/orders/{id}/summary',
        tags,
        summary:
          'One order with its lines named from the catalog, and its signed tickets once confirmed',
        protect: false,
        errorResponses: [404, 503],
      },
    })
    .input(idInput)
    .output(orderSummarySchema)
    .query(async ({ ctx, input }) =>
      summarizeOrder(
        ctx.db,
        await ctx.orders.get({ id: orderId(input.id) }),
        ctx.ticketSigningSecret,
      ),
    ),

  find: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/orders/find',
        tags,
        summary: 'Find an order by its number and the e-mail it was bought with',
        description:
          'An unknown order and a wrong e-mail answer the same 404 `not_found` "No such order".',
        protect: false,
        errorResponses: [400, 404, 503],
      },
    })
    .input(findOrderInput)
    .output(foundOrderSchema)
    .mutation(({ ctx, input }) => findOrder(ctx.orders, input)),
});
