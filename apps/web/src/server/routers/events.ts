import { notFound } from '@ticketing/trpc/errors';
import { eventScope } from '../cache/catalog-cache';
import { findEvent, listEvents } from '../catalog/events';
import { catalogId } from '../catalog/ids';
import { publicProcedure, router } from '../trpc';
import { eventPageSchema, eventSchema, idInput, pageInput } from './catalog-schemas';

export const eventsRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/events',
        tags: ['catalog'],
        summary: 'List events, oldest first, with cursor pagination',
        protect: false,
        errorResponses: [400],
      },
    })
    .input(pageInput)
    .output(eventPageSchema)
    .query(async ({ ctx, input }) => {
      const key = `catalog:events:${input.cursor ?? 'first'}:${input.limit}`;
      const page = await ctx.cache.read('events', key, () => listEvents(ctx.db, input));
      return page ?? { results: [], next_cursor: null };
    }),

  byId: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/events/{id}',
        tags: ['catalog'],
        summary: 'One event',
        protect: false,
        errorResponses: [404],
      },
    })
    .input(idInput)
    .output(eventSchema)
    .query(async ({ ctx, input }) => {
      const id = catalogId('event', input.id);
      const event = await ctx.cache.read(eventScope(id), `catalog:event:${id}`, () =>
        findEvent(ctx.db, id),
      );
      if (!event) throw notFound('event', id);
      return event;
    }),
});
