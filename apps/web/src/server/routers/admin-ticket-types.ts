import { z } from 'zod';
import { eventScope } from '../cache/catalog-cache';
import { deleteTicketTypeWithItem } from '../admin/delete-ticket-type';
import { createTicketType, updateTicketType } from '../catalog/ticket-types';
import { adminProcedure, router } from '../trpc';
import { adminTicketTypeSchema } from '../catalog/admin-catalog-schemas';
import { createTicketTypeInput, ticketTypeIdInput, updateTicketTypeInput } from './admin-schemas';

const tags = ['admin'];

export const adminTicketTypesRouter = router({
  create: adminProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/admin/sessions/{id}/ticket-types',
        tags,
        description: 'Its inventory item exists when this answers.',
        errorResponses: [400, 401, 404, 409, 503],
      },
      successStatus: 201,
    })
    .input(createTicketTypeInput)
    .output(adminTicketTypeSchema)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      const change = await createTicketType(ctx.db, ctx.inventory, id, fields);
      await ctx.cache.invalidate(eventScope(change.eventId));
      return change.ticketType;
    }),

  update: adminProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/admin/ticket-types/{id}',
        tags,
        description: 'A quantity below held + committed is refused with 409.',
        errorResponses: [400, 401, 404, 409, 503],
      },
    })
    .input(updateTicketTypeInput)
    .output(adminTicketTypeSchema)
    .mutation(async ({ ctx, input: { id, ...fields } }) => {
      const change = await updateTicketType(ctx.db, ctx.inventory, id, fields);
      await ctx.cache.invalidate(eventScope(change.eventId));
      return change.ticketType;
    }),

  delete: adminProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/admin/ticket-types/{id}',
        tags,
        description:
          'Its inventory item is retired with it; 409 while seats of it are held or sold, ' +
          '503 when inventory cannot be reached (nothing is deleted then).',
        errorResponses: [401, 404, 409, 503],
      },
      successStatus: 204,
    })
    .input(ticketTypeIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const { eventId } = await deleteTicketTypeWithItem(ctx.db, ctx.inventory, input.id);
      await ctx.cache.invalidate(eventScope(eventId));
    }),
});
