import { eventIdInput, eventSchema } from '@ticketing/trpc/public/catalog';
import { z } from 'zod';

import { audited, auditEntry } from '../admin/audit-log';
import { eventScope } from '../cache/catalog-cache';
import { createEvent, deleteEvent, updateEvent } from '../catalog/events';
import { adminProcedure, router } from '../trpc';
import { createEventInput, updateEventInput } from './admin-schemas';

const tags = ['admin'];

export const adminEventsRouter = router({
  create: adminProcedure
    .meta({
      openapi: { method: 'POST', path: '/admin/events', tags, errorResponses: [400, 401] },
      successStatus: 201,
    })
    .input(createEventInput)
    .output(eventSchema)
    .mutation(async ({ ctx, input }) => {
      const event = await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => createEvent(tx, input),
        (created) => auditEntry('event.create', 'event', created.id, input),
      );
      await ctx.cache.invalidate('events');
      return event;
    }),

  update: adminProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/admin/events/{id}',
        tags,
        errorResponses: [400, 401, 404],
      },
    })
    .input(updateEventInput)
    .output(eventSchema)
    .mutation(async ({ ctx, input: { id: eventId, ...fields } }) => {
      const event = await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => updateEvent(tx, eventId, fields),
        () => auditEntry('event.update', 'event', eventId, fields),
      );
      await ctx.cache.invalidate('events', eventScope(eventId));
      return event;
    }),

  delete: adminProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/admin/events/{id}',
        tags,
        errorResponses: [401, 404, 409],
      },
      successStatus: 204,
    })
    .input(eventIdInput)
    .output(z.void())
    .mutation(async ({ ctx, input: { id: eventId } }) => {
      await audited(
        ctx.db,
        ctx.auditActor,
        (tx) => deleteEvent(tx, eventId),
        (deleted) => auditEntry('event.delete', 'event', eventId, deleted),
      );
      await ctx.cache.invalidate('events', eventScope(eventId));
    }),
});
