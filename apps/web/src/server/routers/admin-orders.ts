import { notFound } from '@ticketing/trpc/errors';
import { orderIdInput } from '@ticketing/trpc/orders/contract';

import { listAdminOrders,withCatalogNames } from '../admin/admin-orders';
import { asOrdersActor } from '../admin/audit-log';
import { adminProcedure, router } from '../trpc';
import {
  adminOrderDetailSchema,
  adminOrderListInput,
  adminOrderPageSchema,
  cancelSchema,
  refundSchema,
} from './admin-dashboard-schemas';

const tags = ['admin'];

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
    .input(orderIdInput)
    .output(adminOrderDetailSchema)
    .query(async ({ ctx, input }) => {
      const { order, ...details } = await ctx.orders.history({ id: input.id });
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
    .input(orderIdInput)
    .output(refundSchema)
    .mutation(({ ctx, input }) =>
      ctx.orders.refund({ id: input.id, ...asOrdersActor(ctx.auditActor) }),
    ),

  cancel: adminProcedure
    .input(orderIdInput)
    .output(cancelSchema)
    .mutation(({ ctx, input }) =>
      ctx.orders.cancel({ id: input.id, ...asOrdersActor(ctx.auditActor) }),
    ),
});
