import { z } from 'zod';
import { eventScope } from '../cache/catalog-cache';
import { createEvent, deleteEvent, updateEvent } from '../catalog/events';
import { adminProcedure, router } from '../trpc';
import { eventIdInput, eventSchema } from '@ticketing/trpc/public/catalog';
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
      const event = await createEvent(ctx.db, input);
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
      const event = await updateEvent(ctx.db, eventId, fields);
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
      await deleteEvent(ctx.db, eventId);
      await ctx.cache.invalidate('events', eventScope(eventId));
    }),
});
