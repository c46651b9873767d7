import { notFound } from '@ticketing/trpc/errors';
import { withCatalogNames, listAdminOrders } from '../admin/admin-orders';
import { isUuid } from '../catalog/ids';
import { adminProcedure, router } from '../trpc';
import {
  adminOrderDetailSchema,
  adminOrderListInput,
  adminOrderPageSchema,
  cancelSchema,
  refundSchema,
} from './admin-dashboard-schemas';
import { idInput } from './catalog-schemas';

const tags = ['admin'];

/** A malformed order id is a 404 without asking orders. */
const orderId = (id: string) => {
  if (!isUuid(id)) throw notFound('order', id);
  return id.toLowerCase();
};

export const adminOrdersRouter = router({
  list: adminProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/admin/orders',
        tags,
        summary: 'Orders, newest first, with filters and cursor pagination',
        description:
          '`q` matches an order-number prefix or an e-mail prefix (any case); `event_id` keeps ' +
          'orders of that event; `from`/`to` bound the creation time; pass `next_cursor` back as ' +
          '`cursor` for the next page.',
        errorResponses: [400, 401, 404, 503],
      },
    })
    .input(adminOrderListInput)
    .output(adminOrderPageSchema)
    .query(({ ctx, input }) => listAdminOrders(ctx.db, ctx.orders, input)),

  get: adminProcedure
    .input(idInput)
    .output(adminOrderDetailSchema)
    .query(async ({ ctx, input }) => {
      const { order, ...details } = await ctx.orders.history({ id: orderId(input.id) });
      const [named] = await withCatalogNames(ctx.db, [order]);
      if (!named) throw notFound('order', input.id);
      return { ...named, ...details };
    }),

  refund: adminProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/admin/orders/{id}/refund',
        tags,
        summary: 'Refund a confirmed order; its seats return to sale',
        description: 'Again: the same answer. 409 `order_not_confirmed` for any other order.',
        errorResponses: [401, 404, 409, 503],
      },
    })
    .input(idInput)
    .output(refundSchema)
    .mutation(({ ctx, input }) => ctx.orders.refund({ id: orderId(input.id) })),

  cancel: adminProcedure
    .input(idInput)
    .output(cancelSchema)
    .mutation(({ ctx, input }) => ctx.orders.cancel({ id: orderId(input.id) })),
});
