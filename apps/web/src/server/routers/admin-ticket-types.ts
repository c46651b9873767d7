import { z } from 'zod';

import { audited, auditEntry } from '../admin/audit-log';
import { deleteTicketTypeWithItem } from '../admin/delete-ticket-type';
import { eventScope } from '../cache/catalog-cache';
import { adminTicketTypeSchema } from '../catalog/admin-catalog-schemas';
import { createTicketType, updateTicketType } from '../catalog/ticket-types';
import { adminProcedure, router } from '../trpc';
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
      const change = await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => createTicketType(tx, ctx.inventory, id, fields),
        (created) =>
          auditEntry('ticket_type.create', 'ticket_type', created.ticketType.id, {
            session_id: id,
            ...fields,
          }),
      );
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
      const change = await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => updateTicketType(tx, ctx.inventory, id, fields),
        () => auditEntry('ticket_type.update', 'ticket_type', id, fields),
      );
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
      const { eventId } = await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => deleteTicketTypeWithItem(tx, ctx.inventory, input.id),
        (deleted) =>
          auditEntry('ticket_type.delete', 'ticket_type', input.id, {
            session_id: deleted.sessionId,
            name: deleted.name,
          }),
      );
      await ctx.cache.invalidate(eventScope(eventId));
    }),
});
